// Reads a vendor's JSON file (MindCluster's faultCode.json, CANN's error_code.json) through the house YAML path:
// JSON is YAML 1.2, so a syntax error or a wrong shape is reported at its file:line:col on one line, like a
// catalog's, and every item of the file can be pointed at. Shared by the importers, with `fromBundled`.
import type { z } from 'zod';
import type { CatalogEntry } from '../catalog-types.js';
import type { LoadError } from '../../load/load-error.js';
import { parseYamlFile } from '../../load/parse-yaml-file.js';
import type { GeneratedEntry } from './merge-overlay.js';

type Path = readonly (string | number)[];

export interface VendorJson<T> {
  /** Undefined when the file could not be read, parsed or did not fit the schema (then `errors` say why). */
  readonly value?: T;
  readonly errors: LoadError[];
  /** The position of the value at `path`, for problems found after the schema (an item, an id). */
  readonly at: (path: Path, message: string) => LoadError;
}

/** `file` parsed and checked against `schema`; never throws for bad content. */
export function readVendorJson<S extends z.ZodType>(file: string, schema: S): VendorJson<z.output<S>> {
  const parsed = parseYamlFile(file, schema);
  // The YAML library names itself in syntax errors; the operator gave us a JSON file.
  const errors = parsed.errors.map((e) => (e.message.startsWith('YAML: ') ? { ...e, message: `not JSON: ${e.message.slice('YAML: '.length)}` } : e));
  const at = (path: Path, message: string): LoadError => ({ file, ...parsed.positionOf(path), message });
  return { ...(errors.length === 0 && parsed.value !== undefined && { value: parsed.value }), errors, at };
}

/** `a[1].b` for the path `['a', 1, 'b']`, the way the vendor files' keys are named in messages. */
export function describeJsonPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A bundled entry as the importers write it back, texts and class unchanged. */
export function fromBundled(e: CatalogEntry): GeneratedEntry {
  return {
    code: e.code,
    name: e.name,
    aliases: e.aliases,
    message: e.message,
    ...(e.cause !== undefined && { cause: e.cause }),
    remedy: e.remedy,
    class: e.class,
    class_basis: e.classBasis,
    class_reason: e.classReason,
    contexts: [],
    ...(e.level !== undefined && { level: e.level }),
    ...(e.escalate !== undefined && { escalate: e.escalate }),
    source: e.source,
  };
}
