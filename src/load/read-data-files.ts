// Finds and reads the YAML data files of a directory (catalogs, rules) with every failure as a LoadError,
// so each loader reports unreadable directories and files the same way and never throws for them.
// A `*.yaml` entry is a data file if it leads to a regular file, symbolic links included (a Kubernetes
// ConfigMap mounts every key as a link into `..data/`); one that does not is an error naming it, never
// silently skipped, so a family can never vanish from the knowledge without a word.
import { readdirSync, readFileSync, statSync } from 'node:fs';
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
    names = dataFileNames(dir);
  } catch (err) {
    return { files: [], errors: [{ file: dir, line: 0, col: 0, message: `cannot read the ${kind} directory: ${(err as Error).message}` }] };
  }
  const files: string[] = [];
  const errors: LoadError[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const problem = notARegularFile(file);
    if (problem === undefined) files.push(file);
    else errors.push({ file, line: 0, col: 0, message: `not read as a ${kind} file: ${problem}` });
  }
  if (files.length === 0 && errors.length === 0) {
    return { files: [], errors: [{ file: dir, line: 0, col: 0, message: `no ${kind} files (*${DATA_FILE_SUFFIX}) in this directory` }] };
  }
  return { files, errors };
}

/** The names of the `*.yaml` entries of `dir`, in name order (what is read from it). Throws if it cannot be listed. */
export function dataFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(DATA_FILE_SUFFIX))
    .sort();
}

/** Why `file` (followed through symbolic links) is not a regular file, or undefined when it is one. */
function notARegularFile(file: string): string | undefined {
  try {
    const st = statSync(file);
    return st.isFile() ? undefined : st.isDirectory() ? 'it is a directory' : 'it is not a regular file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'it is a symbolic link to nothing' : (err as Error).message;
  }
}

/** The file's text, or the one LoadError saying why it could not be read. */
export function readDataFile(file: string): { text: string } | { error: LoadError } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (err) {
    return { error: { file, line: 0, col: 0, message: `cannot read file: ${(err as Error).message}` } };
  }
}
