// Finds where a key or a value sits in YAML text, so the importer can point at the exact overlay
// line a person has to change (parseYamlText's positionOf points at values only).
import { isCollection, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Pair } from 'yaml';

type Path = readonly (string | number)[];
type Position = { line: number; col: number };

/** Key and value locators over `text`; a path that does not exist resolves to its deepest existing part. */
export function yamlPositions(text: string): { key: (path: Path) => Position; value: (path: Path) => Position } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const pos = (offset: number): Position => lineCounter.linePos(offset);
  const locate = (path: Path, wantKey: boolean): Position => {
    let node: unknown = doc.contents;
    let offset = startOf(node) ?? 0;
    for (const [i, segment] of path.entries()) {
      if (!isCollection(node)) break;
      if (wantKey && i === path.length - 1 && isMap(node)) {
        const pair = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(segment));
        const keyStart = pair ? startOf(pair.key) : undefined;
        if (keyStart !== undefined) return pos(keyStart);
      }
      const child: unknown = node.get(segment, true);
      if (child === undefined) break;
      node = child;
      offset = startOf(child) ?? offset;
    }
    return pos(offset);
  };
  return { key: (path) => locate(path, true), value: (path) => locate(path, false) };
}

function startOf(node: unknown): number | undefined {
  const range = (node as { range?: unknown } | null | undefined)?.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}
