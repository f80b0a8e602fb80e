// What a loader built from a directory of data files while the V8 start-up snapshot was made (`npm run build`,
// cli/startup-snapshot.ts), kept in the snapshot's heap, so a scan or explain started from it has its catalogs
// and compiled rules without reading, parsing or compiling anything. Used only if every `*.yaml` file of that
// directory still has the bytes it had then (the same names, the same SHA-256), checked at each use; any other
// directory, options or content is loaded as always. Each kept value is given once: a later load of the same
// directory (a reload) loads it again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFileNames } from './read-data-files.js';

interface Kept {
  readonly fingerprint: string;
  readonly value: unknown;
}

const kept = new Map<string, Kept>();
let keeping = false;

/**
 * The value `load` builds from the data files of `dir`: while keeping (the snapshot's build), built and kept under
 * `key`; otherwise the kept one if its directory's files are unchanged, else built now. `key` names the loader and
 * every option that changes its result besides the directory.
 */
export function prebuiltOrLoad<T>(key: string, dir: string, load: () => T): T {
  const id = `${key}\n${dir}`;
  if (keeping) {
    const fingerprint = dataFilesFingerprint(dir);
    const value = load();
    if (fingerprint !== undefined) kept.set(id, { fingerprint, value });
    return value;
  }
  const entry = kept.get(id);
  if (entry === undefined) return load();
  kept.delete(id);
  return dataFilesFingerprint(dir) === entry.fingerprint ? (entry.value as T) : load();
}

/** From now until `stopKeeping`, every prebuiltOrLoad keeps what it loads (the start-up snapshot's build). */
export function startKeeping(): void {
  keeping = true;
}

/** Ends keeping; returns how many values are kept. */
export function stopKeeping(): number {
  keeping = false;
  return kept.size;
}

/**
 * A hash over the names and bytes of every `*.yaml` entry of `dir`, in name order (what listDataFiles and the
 * loaders read), or undefined if any cannot be read (the loader reports why).
 */
export function dataFilesFingerprint(dir: string): string | undefined {
  try {
    const hash = createHash('sha256');
    for (const name of dataFileNames(dir)) {
      const bytes = readFileSync(join(dir, name));
      hash.update(`${name}\0${bytes.length}\0`).update(bytes);
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}
