// Parses YAML and validates it against a zod schema, reporting every problem (syntax and schema)
// as `file:line:col message`, all at once. Loaders of catalogs, rules and config all go through here.
import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';
import type { Document, Node as YamlNode, Pair } from 'yaml';
import type { z } from 'zod';
import type { LoadError } from './load-error.js';
import { readDataFile } from './read-data-files.js';
import { recordSnapshot, snapshotValue } from './yaml-snapshot.js';

/**
 * The YAML library, loaded on the first file that is parsed for real: a start-up that finds every file in the
 * build's snapshot never loads it. Its CommonJS build, required synchronously, because loading stays synchronous.
 */
let yamlLibrary: typeof YamlLibrary | undefined;
function yaml(): typeof YamlLibrary {
  return (yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof YamlLibrary);
}

export interface ParsedYaml<T> {
  readonly value?: T;
  /** The file's text, for checks and hashes over it; undefined when the file could not be read. */
  readonly text?: string;
  readonly errors: LoadError[];
  /** Finds the position of a value by its path, for checks the schema cannot express (duplicates, overlaps). */
  readonly positionOf: (path: readonly (string | number)[]) => { line: number; col: number };
}

/**
 * Reads and validates one YAML file. Never throws for bad content; an unreadable file is one error.
 * `snapshotKind` (one name per schema): a file byte-identical to one of the build's snapshot skips parsing
 * and validation (see yaml-snapshot.ts); only for the bundled knowledge, whose loaders pass it.
 */
export function parseYamlFile<S extends z.ZodType>(file: string, schemaOrBuild: S | (() => S), snapshotKind?: string): ParsedYaml<z.output<S>> {
  // A loader may pass its schema as a function: a file found in the snapshot never builds it (nor loads zod).
  let built: S | undefined;
  const schema = (): S => (built ??= typeof schemaOrBuild === 'function' ? schemaOrBuild() : schemaOrBuild);
  const read = readDataFile(file);
  if ('error' in read) return { errors: [read.error], positionOf: () => ({ line: 0, col: 0 }) };
  const text = read.text;
  if (snapshotKind === undefined) return parseYamlText(file, text, schema());
  const snapshot = snapshotValue(snapshotKind, text);
  if (snapshot !== undefined) {
    // Validated by this schema at build time; the type is the schema's output by construction.
    const value = snapshot.value as z.output<S>;
    return { value, text, errors: [], positionOf: snapshot.positionOf(() => parseYamlText(file, text, schema()).positionOf) };
  }
  const parsed = parseYamlText(file, text, schema());
  if (parsed.value === undefined || parsed.errors.length > 0) return parsed;
  return { ...parsed, positionOf: recordSnapshot(snapshotKind, text, parsed.value, parsed.positionOf) };
}

/** Validates YAML text; `file` is only used in messages. */
export function parseYamlText<S extends z.ZodType>(file: string, text: string, schema: S): ParsedYaml<z.output<S>> {
  const lineCounter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const errors: LoadError[] = [];
  const at = (offset: number): { line: number; col: number } => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const positionOf = (path: readonly (string | number)[]): { line: number; col: number } =>
    at(offsetOfPath(doc, path));

  for (const e of [...doc.errors, ...doc.warnings]) {
    const p = at(e.pos[0]);
    errors.push({ file, line: p.line, col: p.col, message: `YAML: ${e.message.split('\n')[0]}` });
  }
  if (doc.errors.length > 0) return { errors, positionOf, text };

  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const result = schema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const p = at(offsetOfKey(doc, path, key));
          errors.push({ file, line: p.line, col: p.col, message: `unknown field "${key}"${describePath(path)}` });
        }
        continue;
      }
      const p = positionOf(path);
      errors.push({ file, line: p.line, col: p.col, message: `${issue.message}${describePath(path)}` });
    }
    return { errors, positionOf, text };
  }
  return { value: result.data, errors, positionOf, text };
}

function describePath(path: readonly (string | number)[]): string {
  return path.length === 0 ? '' : ` (at ${path.map(String).join('.')})`;
}

/** The offset of the deepest node that exists along `path` (a missing field points at its parent). */
function offsetOfPath(doc: Document, path: readonly (string | number)[]): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const key of path) {
    if (!yaml().isCollection(node)) break;
    const child: unknown = node.get(key, true);
    if (child === undefined) break;
    node = child;
    offset = rangeStart(child) ?? offset;
  }
  return offset;
}

function offsetOfKey(doc: Document, path: readonly (string | number)[], key: string): number {
  const parent: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (yaml().isMap(parent)) {
    const pair = parent.items.find((it: Pair) => yaml().isScalar(it.key) && String(it.key.value) === key);
    const start = pair ? rangeStart(pair.key) : undefined;
    if (start !== undefined) return start;
  }
  return offsetOfPath(doc, path);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
