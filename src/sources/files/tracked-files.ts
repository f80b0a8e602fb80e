// The followed files and their upkeep: at most one per identity (device + inode), at most one per watched
// name, plus rotated-away ones still being drained until idle. Keeps the files-watched and bytes-behind
// gauges of each source current and every followed file's directory under an inotify watch (unless its
// input polls).
import { dirname } from 'node:path';
import type { SourceStats } from '../source-stats.js';
import type { DirectoryWatches } from './directory-watches.js';
import type { FileInput } from './file-input.js';
import type { PositionRecord } from './positions-file.js';
import type { FileTail } from './tail-file.js';

export interface TrackedFile {
  readonly tail: FileTail;
  readonly input: FileInput;
  /** No watched name leads to it any more (renamed away or deleted): drained, then closed. */
  orphaned: boolean;
  /** The directory whose watch reports this file's writes (undefined when its input polls). */
  watchedDir: string | undefined;
}

export class TrackedFiles {
  private readonly stats: SourceStats;
  private readonly sources: readonly string[];
  private readonly paths = new Map<string, TrackedFile>();
  private readonly identities = new Map<string, TrackedFile>();
  private readonly orphans = new Set<TrackedFile>();

  private readonly dirs: DirectoryWatches;

  constructor(stats: SourceStats, sources: readonly string[], dirs: DirectoryWatches) {
    this.stats = stats;
    this.sources = sources;
    this.dirs = dirs;
    for (const s of sources) stats.filesWatched(s, 0);
  }

  add(tail: FileTail, input: FileInput): TrackedFile {
    const f: TrackedFile = { tail, input, orphaned: false, watchedDir: undefined };
    this.watchDir(f);
    this.paths.set(tail.path, f);
    this.identities.set(tail.identity, f);
    this.reportCount(input.name);
    return f;
  }

  atPath(path: string): TrackedFile | undefined {
    return this.paths.get(path);
  }

  byIdentity(identity: string): TrackedFile | undefined {
    return this.identities.get(identity);
  }

  /** The file is now known under `path` (renamed into a watched name). */
  rename(f: TrackedFile, path: string): void {
    if (this.paths.get(f.tail.path) === f) this.paths.delete(f.tail.path);
    f.tail.path = path;
    f.orphaned = false;
    this.orphans.delete(f);
    this.paths.set(path, f);
    this.watchDir(f);
  }

  orphan(f: TrackedFile): void {
    if (this.paths.get(f.tail.path) === f) this.paths.delete(f.tail.path);
    f.orphaned = true;
    this.orphans.add(f);
  }

  /** Calls `fn` for each orphan last known under `path` (its old inode's watch still reports writes). */
  forOrphansAt(path: string, fn: (f: TrackedFile) => void): void {
    if (this.orphans.size === 0) return;
    for (const f of this.orphans) if (f.tail.path === path) fn(f);
  }

  remove(f: TrackedFile): void {
    if (this.paths.get(f.tail.path) === f) this.paths.delete(f.tail.path);
    if (this.identities.get(f.tail.identity) === f) this.identities.delete(f.tail.identity);
    this.orphans.delete(f);
    if (f.watchedDir !== undefined) this.dirs.unwatch(f.watchedDir);
    f.watchedDir = undefined;
    this.reportCount(f.input.name);
  }

  all(): TrackedFile[] {
    return [...this.identities.values()];
  }

  /** Files reachable under a watched name (the ones worth a checkpoint). */
  named(): TrackedFile[] {
    return this.all().filter((f) => !f.orphaned);
  }

  /** Where a file's delivered lines end, for a checkpoint. */
  record(f: TrackedFile): PositionRecord {
    return { ...f.tail.fingerprint(), ...f.tail.position(), source: f.input.name, path: f.tail.path };
  }

  namedPaths(): string[] {
    return [...this.paths.keys()];
  }

  count(): number {
    return this.identities.size;
  }

  /** Delivers unfinished lines idle for their timeout; closes rotated-away files idle for `rotateWaitMs`. */
  async flushIdle(rotateWaitMs: number): Promise<void> {
    await Promise.all(this.all().map(async (f) => {
      const timeout = f.input.partialLineTimeoutMs;
      if (f.tail.holdsPartialLine && f.tail.idleFor() >= timeout) {
        await f.tail.pump();
        f.tail.flushIdlePartial(timeout);
      }
      if (f.orphaned && f.tail.idleFor() >= rotateWaitMs && !f.tail.isReading) {
        await f.tail.pump();
        if (f.tail.idleFor() < rotateWaitMs || f.tail.isClosed) return;
        f.tail.flushIdlePartial(0);
        this.remove(f);
        await f.tail.close();
      }
    }));
  }

  /** Safety net for missed events (and rewrites no read noticed): reads every file, then reports how far behind each source is. */
  async pollAll(): Promise<void> {
    await Promise.all(this.all().map((f) => f.tail.pumpVerifyingHead()));
    this.reportBytesBehind();
  }

  private reportBytesBehind(): void {
    const behind = new Map<string, number>(this.sources.map((s) => [s, 0]));
    for (const f of this.identities.values()) behind.set(f.input.name, (behind.get(f.input.name) ?? 0) + f.tail.bytesBehind());
    for (const [source, bytes] of behind) this.stats.bytesBehind(source, bytes);
  }

  private watchDir(f: TrackedFile): void {
    const dir = f.input.poll ? undefined : dirname(f.tail.path);
    if (dir === f.watchedDir) return;
    if (dir !== undefined) this.dirs.watch(dir);
    if (f.watchedDir !== undefined) this.dirs.unwatch(f.watchedDir);
    f.watchedDir = dir;
  }

  private reportCount(source: string): void {
    let n = 0;
    for (const f of this.identities.values()) if (f.input.name === source) n++;
    this.stats.filesWatched(source, n);
  }
}
