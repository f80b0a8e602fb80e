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

interface Kept<T> {
  readonly fingerprint: string;
  readonly value: T;
}

/** Every loader's kept values, by the loader's name (stopKeeping counts them). */
const stores = new Map<string, ReadonlyMap<string, unknown>>();
let keeping = false;

/** The values one loader (of values of type T) built while the snapshot was made, one per directory and options. */
export class PrebuiltValues<T> {
  private readonly kept = new Map<string, Kept<T>>();

  /** `name`: the loader's, unique in the process (stopKeeping counts by it). */
  constructor(name: string) {
    if (stores.has(name)) throw new Error(`a PrebuiltValues named ${JSON.stringify(name)} exists already`);
    stores.set(name, this.kept);
  }

  /**
   * The value `load` builds from the data files of `dir`: while keeping (the snapshot's build), built and kept;
   * otherwise the kept one if its directory's files are unchanged, else built now. `options` names every option that
   * changes the loader's result besides the directory.
   */
  orLoad(options: string, dir: string, load: () => T): T {
    const id = `${options}\n${dir}`;
    if (keeping) {
      const fingerprint = dataFilesFingerprint(dir);
      const value = load();
      if (fingerprint !== undefined) this.kept.set(id, { fingerprint, value });
      return value;
    }
    const entry = this.kept.get(id);
    if (entry === undefined) return load();
    this.kept.delete(id);
    return dataFilesFingerprint(dir) === entry.fingerprint ? entry.value : load();
  }
}

/** From now until `stopKeeping`, every PrebuiltValues.orLoad keeps what it loads (the start-up snapshot's build). */
export function startKeeping(): void {
  keeping = true;
}

/** Ends keeping; returns how many values each loader keeps, by its name (every loader, 0 for one that keeps none). */
export function stopKeeping(): Readonly<Record<string, number>> {
  keeping = false;
  const counts: Record<string, number> = {};
  for (const [name, store] of stores) counts[name] = store.size;
  return counts;
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
