// Resolves scan arguments (files, directories, globs, `-`) to a list of inputs before anything is read,
// so a typo fails fast with every unmatched argument named, instead of after minutes of scanning.
import { type Stats, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { glob, isDynamicPattern } from 'tinyglobby';
import { findRotatedCopies } from './rotated-copies.js';

export type ScanInput =
  | { readonly kind: 'stdin' }
  | { readonly kind: 'file'; readonly path: string; readonly size: number; readonly gzip: boolean; readonly range?: ByteRange };

/**
 * Part of a file for one scan thread (pipeline/parallel/plan-scan-tasks.ts): bytes [start, end), cut at line
 * starts, so the parts of a file hold exactly its lines. The last part has no end: it reads to the end of the
 * file as a whole-file read does. Never for a .gz file.
 */
export interface ByteRange {
  readonly start: number;
  readonly end?: number;
}

export interface ExpandedInputs {
  readonly inputs: readonly ScanInput[];
  /** One sentence per argument that matched nothing (empty when all is well). */
  readonly problems: readonly string[];
  /** Sentences to show but not fail on: rotated copies skipped under a directory (see `rotated`). */
  readonly notes: readonly string[];
}

export interface ExpandOptions {
  /**
   * Read rotated copies found under a directory (`x.log.1`, `x.log.gz` beside `x.log`) too. Off by default:
   * they are skipped and named in a note. Files named explicitly, or matched by a glob, are always read.
   */
  readonly rotated?: boolean;
}

/**
 * Expands arguments in order: `-` is stdin; an existing file is itself; a directory is every file under it
 * (recursively, sorted, hidden files skipped); anything else must be a glob matching at least one file.
 * Paths are reported as given (relative to `cwd` when the argument was relative). Duplicates are read once.
 */
export async function expandInputs(args: readonly string[], cwd = process.cwd(), opts: ExpandOptions = {}): Promise<ExpandedInputs> {
  const inputs: ScanInput[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  const addFile = (path: string, size: number): void => {
    const key = resolve(cwd, path);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ kind: 'file', path, size, gzip: path.endsWith('.gz') });
  };

  for (const arg of args) {
    if (arg === '-') {
      if (!seen.has('-')) inputs.push({ kind: 'stdin' });
      seen.add('-');
      continue;
    }
    const stats = statOrUndefined(resolve(cwd, arg));
    if (stats?.isFile()) {
      addFile(arg, stats.size);
    } else if (stats?.isDirectory()) {
      const { glob } = await loadGlobber();
      const files = await glob('**/*', { cwd: resolve(cwd, arg), onlyFiles: true, dot: false, followSymbolicLinks: true });
      if (files.length === 0) problems.push(`${arg}: the directory contains no files.`);
      const copies = opts.rotated === true ? new Map<string, string>() : findRotatedCopies(files);
      for (const file of files.sort()) if (!copies.has(file)) addFile(joinArg(arg, file), statOrUndefined(resolve(cwd, arg, file))?.size ?? 0);
      if (copies.size > 0) notes.push(describeSkipped(arg, copies));
    } else if (stats) {
      problems.push(`${arg}: not a regular file or directory.`);
    } else if ((await loadGlobber()).isDynamicPattern(arg)) {
      const { glob } = await loadGlobber();
      const files = await glob(arg, { cwd, onlyFiles: true, dot: false, expandDirectories: false });
      if (files.length === 0) problems.push(`${arg}: no files match this pattern.`);
      for (const file of files.sort()) addFile(file, statOrUndefined(resolve(cwd, file))?.size ?? 0);
    } else {
      problems.push(`${arg}: no such file or directory.`);
    }
  }
  return { inputs, problems, notes };
}

/**
 * tinyglobby (with fdir and picomatch), loaded on use: a scan of named files walks no directory and matches no
 * glob, and loading it was a tenth of such a scan's start-up (~18 ms, ~5 MiB).
 */
function loadGlobber(): Promise<{ glob: typeof glob; isDynamicPattern: typeof isDynamicPattern }> {
  return import('tinyglobby');
}

function describeSkipped(arg: string, copies: Map<string, string>): string {
  const shown = [...copies].sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, 5).map(([copy, of]) => `${joinArg(arg, copy)} (of ${basename(of)})`);
  const more = copies.size > shown.length ? ` and ${copies.size - shown.length} more` : '';
  const n = copies.size === 1 ? '1 rotated copy' : `${copies.size} rotated copies`;
  return `${arg}: ${n} skipped: ${shown.join(', ')}${more}. They hold a log's older lines, or the same lines again; name them, or pass --rotated, to read them too.`;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: true });
  } catch {
    return undefined;
  }
}

function joinArg(dir: string, file: string): string {
  return dir.endsWith('/') ? dir + file : `${dir}/${file}`;
}
