// The followed files and their upkeep: at most one per identity (device + inode), at most one per watched
// name, plus rotated-away ones still being drained until idle. Keeps the files-watched and bytes-behind
// gauges of each source current and every followed file's directory under an inotify watch (unless its
// input polls). A followed name that is a symbolic link (Kubernetes' /var/log/containers/*.log) has the
// directory of the file it resolves to watched too: writes to that file and its rotation happen there,
// and without that watch they would arrive only by polling, too late for a generation that lives < 1 s.
import { realpathSync } from 'node:fs';
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
  /** It has left the name it was first followed under (counted once as a rotation). */
  rotated: boolean;
  /** No name leads to it any more, counted once as a deletion (when it was orphaned, or when it was released). */
  deleted: boolean;
  /** The directories whose watches report this file's writes: its name's and, through a symbolic link, its target's. */
  watchedDirs: readonly string[];
  /** Where its name resolves to, when that is another path (a symbolic link). */
  target: string | undefined;
}

export class TrackedFiles {
  private readonly stats: SourceStats;
  private readonly sources: readonly string[];
  private readonly paths = new Map<string, TrackedFile>();
  private readonly identities = new Map<string, TrackedFile>();
  private readonly orphans = new Set<TrackedFile>();
  /** Followed files by the resolved path of their symbolic-link name. */
  private readonly byTarget = new Map<string, Set<TrackedFile>>();
  private gaugesMuted = false;

  private readonly dirs: DirectoryWatches;

  constructor(stats: SourceStats, sources: readonly string[], dirs: DirectoryWatches) {
    this.stats = stats;
    this.sources = sources;
    this.dirs = dirs;
    for (const s of sources) stats.filesWatched(s, 0);
  }

  add(tail: FileTail, input: FileInput, rotated = false): TrackedFile {
    const f: TrackedFile = { tail, input, orphaned: false, rotated, deleted: false, watchedDirs: [], target: undefined };
    this.watchDir(f);
    this.paths.set(tail.path, f);
    this.identities.set(tail.identity, f);
    this.reportCount(input.name);
    return f;
  }

  /** A file first seen after it left its name (born and rotated away unseen): drained as rotated away. */
  addOrphan(tail: FileTail, input: FileInput): TrackedFile {
    const f: TrackedFile = { tail, input, orphaned: true, rotated: true, deleted: false, watchedDirs: [], target: undefined };
    this.watchDir(f);
    this.identities.set(tail.identity, f);
    this.orphans.add(f);
    this.reportCount(input.name);
    return f;
  }

  atPath(path: string): TrackedFile | undefined {
    return this.paths.get(path);
  }

  byIdentity(identity: string): TrackedFile | undefined {
    return this.identities.get(identity);
  }

  /** `fresh` (a new descriptor of the same file) takes `f`'s place; added first so no watch closes meanwhile. */
  replace(f: TrackedFile, fresh: FileTail): TrackedFile {
    const next = this.add(fresh, f.input, f.rotated);
    this.remove(f);
    return next;
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

  /** Calls `fn` with the watched name of each file whose name is a symbolic link resolving to `path`. */
  forLinksTo(path: string, fn: (name: string) => void): void {
    if (this.byTarget.size === 0) return;
    const linked = this.byTarget.get(path);
    if (linked) for (const f of [...linked]) fn(f.tail.path);
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
    this.setWatches(f, [], undefined);
    this.reportCount(f.input.name);
  }

  /** An input handing its files over (restarted): its gauges are the new source's to report from now on. */
  muteGauges(): void {
    this.gaugesMuted = true;
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

  /** A rotated-away file flushIdle would release now: idle for `rotateWaitMs` and not being read. */
  static dueForRelease(f: TrackedFile, rotateWaitMs: number): boolean {
    return f.orphaned && f.tail.idleFor() >= rotateWaitMs && !f.tail.isReading;
  }

  /**
   * Delivers unfinished lines idle for their timeout; closes rotated-away files idle for `rotateWaitMs` and returns
   * their paths. `beforeRelease` sees each such file just before it is closed.
   */
  async flushIdle(rotateWaitMs: number, beforeRelease: (f: TrackedFile) => Promise<void>): Promise<string[]> {
    const released: string[] = [];
    await Promise.all(this.all().map(async (f) => {
      const timeout = f.input.partialLineTimeoutMs;
      if (f.tail.holdsPartialLine && f.tail.idleFor() >= timeout) {
        await f.tail.pump();
        f.tail.flushIdlePartial(timeout);
      }
      if (TrackedFiles.dueForRelease(f, rotateWaitMs)) {
        await f.tail.pump();
        if (f.tail.idleFor() < rotateWaitMs || f.tail.isClosed) return;
        f.tail.flushIdlePartial(0);
        await beforeRelease(f);
        this.remove(f);
        await f.tail.close();
        released.push(f.tail.path);
      }
    }));
    return released;
  }

  /** Safety net for missed events (and rewrites no read noticed): reads every file, then reports how far behind each source is. */
  async pollAll(): Promise<void> {
    await Promise.all(this.all().map((f) => f.tail.pumpVerifyingHead()));
    this.reportBytesBehind();
  }

  private reportBytesBehind(): void {
    if (this.gaugesMuted) return;
    const behind = new Map<string, number>(this.sources.map((s) => [s, 0]));
    for (const f of this.identities.values()) behind.set(f.input.name, (behind.get(f.input.name) ?? 0) + f.tail.bytesBehind());
    for (const [source, bytes] of behind) this.stats.bytesBehind(source, bytes);
  }

  private watchDir(f: TrackedFile): void {
    if (f.input.poll) return;
    const target = resolvedTarget(f.tail.path);
    const dirs = [dirname(f.tail.path)];
    if (target !== undefined && !dirs.includes(dirname(target))) dirs.push(dirname(target));
    this.setWatches(f, dirs, target);
  }

  private setWatches(f: TrackedFile, dirs: readonly string[], target: string | undefined): void {
    for (const d of dirs) this.dirs.watch(d); // before the unwatch: a shared watch must not close and reopen
    for (const d of f.watchedDirs) this.dirs.unwatch(d);
    f.watchedDirs = dirs;
    if (f.target === target) return;
    if (f.target !== undefined) {
      const set = this.byTarget.get(f.target);
      set?.delete(f);
      if (set?.size === 0) this.byTarget.delete(f.target);
    }
    f.target = target;
    if (target !== undefined) {
      const set = this.byTarget.get(target) ?? new Set<TrackedFile>();
      set.add(f);
      this.byTarget.set(target, set);
    }
  }

  private reportCount(source: string): void {
    if (this.gaugesMuted) return;
    let n = 0;
    for (const f of this.identities.values()) if (f.input.name === source) n++;
    this.stats.filesWatched(source, n);
  }
}

/** The path `path` resolves to when that is another one (a symbolic link on the way), else undefined. */
function resolvedTarget(path: string): string | undefined {
  try {
    const real = realpathSync(path);
    return real === path ? undefined : real;
  } catch {
    return undefined;
  }
}
