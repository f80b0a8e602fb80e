// Finds and reads the YAML data files of a directory (catalogs, rules) with every failure as a LoadError,
// so each loader reports unreadable directories and files the same way and never throws for them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadError } from './load-error.js';

export const DATA_FILE_SUFFIX = '.yaml';

/**
 * Every `*.yaml` file directly inside `dir`, in file-name order (sub-directories such as `overlays/` are not
 * read). `kind` names the files in messages: "cannot read the catalog directory", "no rule files".
 */
export function listDataFiles(dir: string, kind: string): { files: string[]; errors: LoadError[] } {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith(DATA_FILE_SUFFIX))
      .map((d) => d.name)
      .sort();
  } catch (err) {
    return { files: [], errors: [{ file: dir, line: 0, col: 0, message: `cannot read the ${kind} directory: ${(err as Error).message}` }] };
  }
  if (names.length === 0) {
    return { files: [], errors: [{ file: dir, line: 0, col: 0, message: `no ${kind} files (*${DATA_FILE_SUFFIX}) in this directory` }] };
  }
  return { files: names.map((n) => join(dir, n)), errors: [] };
}

/** The file's text, or the one LoadError saying why it could not be read. */
export function readDataFile(file: string): { text: string } | { error: LoadError } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (err) {
    return { error: { file, line: 0, col: 0, message: `cannot read file: ${(err as Error).message}` } };
  }
}
