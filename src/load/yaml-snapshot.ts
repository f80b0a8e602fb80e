// The bundled catalogs and rules parsed and validated once, at `npm run build`: a data file whose text is
// byte-identical to one the snapshot was built from gets that validated value and the positions its loader asked
// for, without parsing YAML or running the schema again. Any other file (edited, a deployment's own) is parsed as
// always; `check` never uses the snapshot. Keyed by the file's full SHA-256, so a changed byte is a miss, never a
// stale value. Why: parsing YAML with positions and validating it was most of a scan's start-up. The values are
// plain JSON in the file, parsed once with it: the first load of a file takes that value, a later one (a reload)
// a copy, so no two loads share objects. (Format 1 held each value as a JSON string, parsed a second time on use:
// ~0.7 MB more strings and ~2 ms more per start.)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contentHash } from './content-version.js';

/** Where `npm run build` writes the snapshot: beside the compiled modules, so it is always from the same build. */
export const SNAPSHOT_FILE = fileURLToPath(new URL('../knowledge-snapshot.json', import.meta.url));
const FORMAT = 2;

type Position = { line: number; col: number };
type PositionOf = (path: readonly (string | number)[]) => Position;

interface SnapshotEntry {
  /** The schema's output, as JSON. */
  readonly value: unknown;
  /** Every path the loader asked a position for, as `JSON.stringify(path)` -> [line, col]. */
  readonly positions: Record<string, [number, number]>;
}

interface SnapshotFile {
  readonly format: number;
  readonly entries: Record<string, SnapshotEntry>;
}

type Mode =
  | { kind: 'off' }
  | { kind: 'use'; entries?: Record<string, SnapshotEntry>; given?: Set<SnapshotEntry> }
  | { kind: 'record'; entries: Record<string, SnapshotEntry> };

let mode: Mode = { kind: 'use' };

/** A validated value for `text` from the snapshot, or undefined (no snapshot, disabled, or the text differs). */
export function snapshotValue(kind: string, text: string): { value: unknown; positionOf: (fallback: () => PositionOf) => PositionOf } | undefined {
  if (mode.kind !== 'use') return undefined;
  mode.entries ??= readSnapshot();
  const entry = mode.entries[snapshotKey(kind, text)];
  if (entry === undefined) return undefined;
  // The loader keeps (and freezes) what it is given: only the first load of an entry may have its value.
  const given = (mode.given ??= new Set());
  const value = given.has(entry) ? structuredClone(entry.value) : entry.value;
  given.add(entry);
  return {
    value,
    positionOf: (fallback) => {
      // A path the build did not ask for (a loader changed since) costs one real parse, once.
      let parsed: PositionOf | undefined;
      return (path) => {
        const p = entry.positions[JSON.stringify(path)];
        if (p !== undefined) return { line: p[0], col: p[1] };
        parsed ??= fallback();
        return parsed(path);
      };
    },
  };
}

/** While recording: keeps `value` for `text` and returns a positionOf that remembers every path asked. */
export function recordSnapshot(kind: string, text: string, value: unknown, positionOf: PositionOf): PositionOf {
  if (mode.kind !== 'record') return positionOf;
  const positions: Record<string, [number, number]> = {};
  // A copy as it is now: the loader may go on to change (or freeze) its value.
  mode.entries[snapshotKey(kind, text)] = { value: JSON.parse(JSON.stringify(value)) as unknown, positions };
  return (path) => {
    const p = positionOf(path);
    positions[JSON.stringify(path)] = [p.line, p.col];
    return p;
  };
}

/** Parse every file for real from now on (`check`, tests of the parser). */
export function disableSnapshot(): void {
  mode = { kind: 'off' };
}

/** Use `file` (default: the one beside the compiled modules) for the files loaded from now on. */
export function useSnapshot(file: string = SNAPSHOT_FILE): void {
  mode = { kind: 'use', entries: readSnapshot(file) };
}

/**
 * Lets go of the entries read so far (the V8 start-up snapshot keeps what was built from them, not them); a load
 * from now on reads the file again.
 */
export function forgetSnapshotEntries(): void {
  if (mode.kind === 'use') mode = { kind: 'use' };
}

/** Start recording: every file parsed without errors from now on goes into the snapshot `writeSnapshot` writes. */
export function startRecording(): void {
  mode = { kind: 'record', entries: {} };
}

/** Writes what was recorded since startRecording; returns how many files it holds. */
export function writeSnapshot(file: string = SNAPSHOT_FILE): number {
  if (mode.kind !== 'record') throw new Error('writeSnapshot needs startRecording first');
  const snapshot: SnapshotFile = { format: FORMAT, entries: mode.entries };
  writeFileSync(file, `${JSON.stringify(snapshot)}\n`);
  return Object.keys(mode.entries).length;
}

function snapshotKey(kind: string, text: string): string {
  return `${kind}:${contentHash(text)}`;
}

/** The snapshot's entries; none when there is no snapshot (tests run from src/) or it is of another format. */
function readSnapshot(file: string = SNAPSHOT_FILE): Record<string, SnapshotEntry> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {}; // Not built (running from src/): every file is parsed, as before snapshots existed.
  }
  try {
    const parsed = JSON.parse(text) as Partial<SnapshotFile>;
    return parsed.format === FORMAT && typeof parsed.entries === 'object' && parsed.entries !== null ? parsed.entries : {};
  } catch {
    return {}; // A damaged snapshot only costs the start-up time it would have saved.
  }
}
