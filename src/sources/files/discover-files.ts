// Discovers files under the base directories of the include globs with chokidar (which has no globs of
// its own), polling: only directory and file stat() changes at the poll interval, never a re-read of a
// directory because a file in it was written (chokidar's inotify mode does that on every write). A base
// directory that does not exist yet is waited for on its nearest existing ancestor, one level deep; one
// that disappears is waited for again. Low-latency events come from DirectoryWatches instead.
import { existsSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, sep } from 'node:path';
import { FSWatcher } from 'chokidar';
import { glob } from 'tinyglobby';
import type { WatchRoot } from './file-matcher.js';

/** chokidar's events, with the file's stats where it has them. */
export type FileEventKind = 'add' | 'change' | 'unlink';

export interface DiscoveryRoot extends WatchRoot {
  readonly poll: boolean;
  readonly pollIntervalMs: number;
}

export interface FileDiscoveryOptions {
  readonly roots: readonly DiscoveryRoot[];
  /** Whether a file path belongs to any input (others are not even watched). */
  readonly isWanted: (path: string) => boolean;
  readonly onFile: (kind: FileEventKind, path: string, stats: Stats | undefined) => void;
  /** A root directory that was missing now exists and is watched: its files are all new. */
  readonly onRootAvailable: (root: DiscoveryRoot) => void;
  readonly log: (sentence: string) => void;
}

interface RootState {
  readonly root: DiscoveryRoot;
  watcher?: FSWatcher;
  /** The ancestor being watched while the root does not exist. */
  ancestor?: { readonly dir: string; readonly watcher: FSWatcher };
  busy?: Promise<void>;
}

export class FileDiscovery {
  private readonly opts: FileDiscoveryOptions;
  private readonly states: RootState[];
  private closed = false;

  constructor(opts: FileDiscoveryOptions) {
    this.opts = opts;
    this.states = dedupeRoots(opts.roots).map((root) => ({ root }));
  }

  /** Resolves once every existing root is watched (files present now are the caller's to list). */
  async start(): Promise<void> {
    await Promise.all(this.states.map((s) => this.settle(s, false)));
  }

  /** Roots whose directories exist and are watched. */
  watchedRoots(): DiscoveryRoot[] {
    return this.states.filter((s) => s.watcher).map((s) => s.root);
  }

  /** Safety net: re-checks every root (appeared, vanished), in case a watch event was missed. */
  async refresh(): Promise<void> {
    await Promise.all(this.states.map((s) => this.settle(s, true)));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.states.map(async (s) => {
      await s.busy;
      await s.watcher?.close();
      await s.ancestor?.watcher.close();
      s.watcher = undefined;
      s.ancestor = undefined;
    }));
  }

  /** Brings one root's watches in line with the file system; serialised per root. */
  private settle(s: RootState, announce: boolean): Promise<void> {
    const run = async (): Promise<void> => {
      await s.busy;
      if (this.closed) return;
      const exists = isDirectory(s.root.dir);
      if (exists && !s.watcher) {
        await s.ancestor?.watcher.close();
        s.ancestor = undefined;
        s.watcher = await this.watchRoot(s);
        if (announce) {
          this.opts.log(`The directory ${s.root.dir} now exists; watching it.`);
          this.opts.onRootAvailable(s.root);
        }
      } else if (!exists) {
        if (s.watcher) {
          await s.watcher.close();
          s.watcher = undefined;
          this.opts.log(`The directory ${s.root.dir} is gone; waiting for it to be created again.`);
        }
        const ancestor = nearestExistingAncestor(s.root.dir);
        if (s.ancestor?.dir !== ancestor) {
          await s.ancestor?.watcher.close();
          s.ancestor = { dir: ancestor, watcher: await this.watchAncestor(s, ancestor) };
        }
      }
    };
    const p = run().catch((err: unknown) => this.opts.log(`Watching ${s.root.dir} failed (${(err as Error).message}); the periodic re-scan still covers it.`));
    s.busy = p;
    return p;
  }

  private async watchRoot(s: RootState): Promise<FSWatcher> {
    const { root } = s;
    const w = new FSWatcher({
      ...pollOptions(root),
      depth: root.depth,
      ignoreInitial: true,
      followSymlinks: true,
      ignorePermissionErrors: true,
      // Only directories (within depth) and wanted files are watched; without stats we cannot tell yet.
      ignored: (path: string, stats?: Stats) => path !== root.dir && stats !== undefined && !stats.isDirectory() && !this.opts.isWanted(path),
    });
    w.on('add', (path: string, stats?: Stats) => this.opts.onFile('add', path, stats));
    w.on('change', (path: string, stats?: Stats) => this.opts.onFile('change', path, stats));
    w.on('unlink', (path: string) => this.opts.onFile('unlink', path, undefined));
    w.on('unlinkDir', (path: string) => {
      if (path === root.dir) void this.settle(s, true);
    });
    w.on('error', (err: unknown) => this.opts.log(`Watching ${root.dir} reported an error (${(err as Error).message}).`));
    await ready(w, root.dir);
    return w;
  }

  private async watchAncestor(s: RootState, ancestor: string): Promise<FSWatcher> {
    const target = s.root.dir;
    const onTheWay = (path: string): boolean => path === ancestor || target === path || target.startsWith(path.endsWith(sep) ? path : path + sep);
    const w = new FSWatcher({
      ...pollOptions(s.root),
      depth: 0,
      ignoreInitial: true,
      ignorePermissionErrors: true,
      ignored: (path: string) => !onTheWay(path),
    });
    w.on('addDir', () => void this.settle(s, true));
    w.on('error', (err: unknown) => this.opts.log(`Watching ${ancestor} reported an error (${(err as Error).message}).`));
    await ready(w, ancestor);
    return w;
  }
}

/** Files under a root, as deep as its glob can match (the caller filters them with its matchers). */
export function listRootFiles(root: WatchRoot): Promise<string[]> {
  const pattern = root.depth === undefined ? '**' : '*'.concat('/*'.repeat(root.depth));
  return glob(pattern, {
    cwd: root.dir, absolute: true, onlyFiles: true, followSymbolicLinks: true, expandDirectories: false,
    deep: root.depth === undefined ? Infinity : root.depth + 1,
  });
}

function pollOptions(root: DiscoveryRoot): { usePolling: boolean; interval: number; binaryInterval: number } {
  return { usePolling: true, interval: root.pollIntervalMs, binaryInterval: root.pollIntervalMs };
}

function ready(w: FSWatcher, dir: string): Promise<void> {
  return new Promise((resolve) => {
    w.once('ready', () => resolve());
    w.add(dir);
  });
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function nearestExistingAncestor(dir: string): string {
  let d = dirname(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** One watcher per directory: the same directory under several globs is watched at the greatest depth. */
function dedupeRoots(roots: readonly DiscoveryRoot[]): DiscoveryRoot[] {
  const byKey = new Map<string, DiscoveryRoot>();
  for (const r of roots) {
    const key = `${r.dir}\0${r.poll}\0${r.pollIntervalMs}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, r);
    else if (prev.depth !== undefined && (r.depth === undefined || r.depth > prev.depth)) byKey.set(key, r);
  }
  return [...byKey.values()];
}
