// Decides which paths belong to an input, and which directories must be watched to see them appear:
// each include glob is split (picomatch.scan) into a static base directory and a pattern matched below
// it. `~` is the home directory; relative globs are resolved against the working directory. Excludes
// without a `/` match the file name (`*.gz`), others the whole path.
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

/** A directory to watch and how deep below it matches can be (undefined: any depth, the glob has `**`). */
export interface WatchRoot {
  readonly dir: string;
  readonly depth: number | undefined;
}

export interface FileMatcher {
  readonly roots: readonly WatchRoot[];
  /** True when an include matches `path` (absolute) and no exclude does. */
  matches(path: string): boolean;
}

interface CompiledInclude {
  readonly root: WatchRoot;
  readonly test: (relativePath: string) => boolean;
}

export interface MatcherEnv {
  readonly cwd: string;
  readonly home: string;
}

const defaultEnv = (): MatcherEnv => ({ cwd: process.cwd(), home: homedir() });

/** Expands a leading `~` and resolves a relative glob against `cwd`, keeping glob characters intact. */
export function absoluteGlob(glob: string, env: MatcherEnv = defaultEnv()): string {
  const expanded = glob === '~' ? env.home : glob.startsWith('~/') ? join(env.home, glob.slice(2)) : glob;
  return isAbsolute(expanded) ? expanded : join(env.cwd, expanded);
}

export function compileFileMatcher(include: readonly string[], exclude: readonly string[], env: MatcherEnv = defaultEnv()): FileMatcher {
  const includes = include.map((g) => compileInclude(absoluteGlob(g, env)));
  const excludes = exclude.map((g) =>
    g.includes('/') ? picomatch(absoluteGlob(g, env), { dot: true }) : picomatch(g, { basename: true, dot: true }),
  );
  return {
    roots: includes.map((i) => i.root),
    matches(path: string): boolean {
      if (!includes.some((inc) => underRoot(inc, path))) return false;
      return !excludes.some((ex) => ex(path));
    },
  };
}

function underRoot(inc: CompiledInclude, path: string): boolean {
  const rel = relative(inc.root.dir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
  return inc.test(sep === '/' ? rel : rel.split(sep).join('/'));
}

function compileInclude(glob: string): CompiledInclude {
  const scan = picomatch.scan(glob);
  if (!scan.isGlob) {
    // A plain file path: watch its directory, match its name exactly.
    const file = resolve(unescapeGlob(glob));
    const name = file.slice(dirname(file).length + (dirname(file).endsWith('/') ? 0 : 1));
    return { root: { dir: dirname(file), depth: 0 }, test: (rel) => rel === name };
  }
  const dir = resolve(unescapeGlob(scan.base || '/'));
  const pattern = scan.glob;
  const depth = pattern.includes('**') ? undefined : pattern.split('/').length - 1;
  return { root: { dir, depth }, test: picomatch(pattern) };
}

/** picomatch.scan keeps backslash escapes in the base; the file system wants the plain characters. */
function unescapeGlob(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
