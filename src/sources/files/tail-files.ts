// Every line of every watched file, once: discovers files (chokidar polling, inotify watches of their
// directories for low latency, a periodic re-scan as a safety net), keeps one FileTail per file identity
// (device + inode) whatever its name, follows renames, drains a rotated-away or deleted file before
// letting it go, and resumes from checkpoints by fingerprint.
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { Observable, type Subscriber } from 'rxjs';
import type { SourceStats } from '../source-stats.js';
import type { LogLine } from '../../types.js';
import type { CancelTimer, Clock } from './clock.js';
import { repeat, systemClock } from './clock.js';
import { FileDiscovery, listRootFiles } from './discover-files.js';
import type { DiscoveryRoot, FileEventKind } from './discover-files.js';
import { DirectoryWatches } from './directory-watches.js';
import type { DirectoryEventKind } from './directory-watches.js';
import { chooseStart } from './choose-start.js';
import { DEFAULT_HEAD_BYTES, identityKey } from './file-fingerprint.js';
import type { FileInput } from './file-input.js';
import type { FileMatcher, MatcherEnv } from './file-matcher.js';
import { compileFileMatcher } from './file-matcher.js';
import type { PositionRecord, Positions } from './positions-file.js';
import { positionsByIdentity } from './positions-file.js';
import { ReadSlots } from './read-slots.js';
import { SerialByKey } from './serial-by-key.js';
import type { StartAt } from './tail-file.js';
import { FileTail } from './tail-file.js';
import { TrackedFiles } from './tracked-files.js';
import type { TrackedFile } from './tracked-files.js';

export interface TailFilesOptions {
  readonly inputs: readonly FileInput[];
  /** The positions file read at start-up (undefined on a first run or after a corrupt one). */
  readonly resume?: Positions;
  readonly stats: SourceStats;
  readonly log?: (sentence: string) => void;
  readonly clock?: Clock;
  /** Wall-clock milliseconds, compared with file birth times. */
  readonly wallNow?: () => number;
  readonly readGate?: () => Promise<void> | undefined;
  readonly rescanIntervalMs?: number;
  /** How long a rotated-away or deleted file is kept open after its last growth. */
  readonly rotateWaitMs?: number;
  readonly safetyPollMs?: number;
  readonly headBytes?: number;
  readonly chunkBytes?: number;
  readonly readSlots?: number;
  readonly env?: MatcherEnv;
  /** A path another source follows (an earlier input of the run matches it): never opened here. */
  readonly claimedElsewhere?: (path: string) => boolean;
  /**
   * Files found by the first listing that were born at or after this wall-clock time are read from byte 0
   * (default: the last checkpoint's time minus the rescan interval, or now without one).
   */
  readonly newerThan?: number;
}

type Phase = 'startup' | 'running';

export class FileTailSource {
  /** Lines of all inputs. Subscribe once; stop() completes it. */
  readonly lines$: Observable<LogLine>;
  /** Resolves when the files present at start-up are open and being read. */
  readonly ready: Promise<void>;
  /**
   * Resolves once the files present at start-up have been read to their end (the backlog since their
   * checkpoints is delivered): the moment to checkpoint, so a crash soon after start replays little.
   */
  readonly caughtUp: Promise<void>;
  private readonly opts: TailFilesOptions;
  private readonly clock: Clock;
  private readonly log: (sentence: string) => void;
  private readonly matchers: { readonly input: FileInput; readonly matcher: FileMatcher }[];
  private readonly slots: ReadSlots;
  private readonly files: TrackedFiles;
  private readonly discovery: FileDiscovery;
  private readonly dirWatches: DirectoryWatches;
  private readonly rootDirs = new Set<string>();
  private subscriber: Subscriber<LogLine> | undefined;
  private resume: Map<string, PositionRecord[]>;
  /** Files born after this wall-clock time are new even when found at start-up. */
  private newerThan: number;
  private phase: Phase = 'startup';
  private readonly queued = new Set<string>();
  private readonly checks = new SerialByKey<Phase>((a, b) => (a === 'running' || b === 'running' ? 'running' : 'startup'));
  private timers: CancelTimer[] = [];
  private stopping = false;
  private resolveReady: () => void = () => undefined;
  private resolveCaughtUp: () => void = () => undefined;

  constructor(opts: TailFilesOptions) {
    const names = new Set<string>();
    for (const input of opts.inputs) {
      if (names.has(input.name)) throw new Error(`Input names must be unique; "${input.name}" is used twice.`);
      names.add(input.name);
    }
    this.opts = opts;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? (() => undefined);
    this.matchers = opts.inputs.map((input) => ({ input, matcher: compileFileMatcher(input.include, input.exclude, opts.env) }));
    this.slots = new ReadSlots(opts.chunkBytes ?? 64 * 1024, opts.readSlots ?? 8);
    this.dirWatches = new DirectoryWatches((kind, path) => this.onFileEvent(kind, path, undefined));
    this.files = new TrackedFiles(opts.stats, opts.inputs.map((i) => i.name), this.dirWatches);
    this.resume = positionsByIdentity(opts.resume?.records ?? []);
    const wallNow = (opts.wallNow ?? Date.now)();
    this.newerThan = opts.newerThan ?? (opts.resume ? opts.resume.writtenAt - (opts.rescanIntervalMs ?? 10_000) : wallNow);
    const roots: DiscoveryRoot[] = this.matchers.flatMap(({ input, matcher }) =>
      matcher.roots.map((r) => ({ ...r, poll: input.poll, pollIntervalMs: input.pollIntervalMs })),
    );
    this.discovery = new FileDiscovery({
      roots,
      isWanted: (path) => this.inputFor(path) !== undefined,
      onFile: (kind, path, stats) => this.onFileEvent(kind, path, stats),
      onRootAvailable: (root) => {
        this.watchRootDir(root);
        void this.scanRoots([root], 'running');
      },
      log: this.log,
    });
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.caughtUp = new Promise((resolve) => (this.resolveCaughtUp = resolve));
    this.lines$ = new Observable<LogLine>((subscriber) => {
      if (this.subscriber) throw new Error('FileTailSource.lines$ can be subscribed once.');
      this.subscriber = subscriber;
      void this.start();
      return () => void this.stop();
    });
  }

  /** Checkpointable positions of the files followed under a watched name (and of any being reopened). */
  positions(): PositionRecord[] {
    const records = this.files.named().map((f) => this.files.record(f));
    for (const [identity, pending] of this.resume) if (!this.files.byIdentity(identity)) records.push(...pending);
    return records;
  }

  /** Open files, rotated-away ones still being drained included. */
  openFileCount(): number {
    return this.files.count();
  }

  /** Looks for new, vanished and replaced files now (also done periodically and on SIGHUP). */
  async rescan(): Promise<void> {
    if (this.stopping) return;
    await this.discovery.refresh();
    await this.scanRoots(this.discovery.watchedRoots(), 'running');
    await Promise.all(this.files.namedPaths().map((path) => this.checkPath(path, 'running')));
  }

  /** Closes every file and opens it again at the same position (SIGHUP), re-scanning on the way. */
  async reopen(): Promise<void> {
    if (this.stopping) return;
    await Promise.all(this.files.all().map(async (f) => {
      if (f.orphaned) await f.tail.pump(); // not reopened: read what is left first
      await f.tail.close();
      // The position is set aside before the file is forgotten, so a file event arriving meanwhile
      // reopens it from there too, never from byte 0.
      if (!f.orphaned) this.resume.set(f.tail.identity, [this.files.record(f)]);
      this.files.remove(f);
    }));
    await this.rescan();
    this.resume = new Map();
  }

  /** Stops reading: no line is delivered after this resolves; descriptors are closed; lines$ completes. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const cancel of this.timers) cancel();
    this.timers = [];
    await this.discovery.close();
    this.dirWatches.close();
    await this.checks.idle();
    await Promise.all(this.files.all().map((f) => f.tail.close()));
    this.resolveCaughtUp();
    this.subscriber?.complete();
  }

  private async start(): Promise<void> {
    await this.discovery.start();
    for (const root of this.discovery.watchedRoots()) this.watchRootDir(root);
    await this.scanRoots(this.discovery.watchedRoots(), 'startup');
    this.phase = 'running';
    // Events seen while listing: files created meanwhile are new (read from byte 0); the rest are no-ops.
    const queued = [...this.queued];
    this.queued.clear();
    await Promise.all(queued.map((path) => this.checkPath(path, 'running')));
    this.resume = new Map();
    const rotateWaitMs = this.opts.rotateWaitMs ?? 5_000;
    const minTimeout = Math.min(...this.opts.inputs.map((i) => i.partialLineTimeoutMs), rotateWaitMs);
    this.timers.push(
      repeat(this.clock, Math.max(20, Math.min(500, Math.floor(minTimeout / 4))), () => this.files.flushIdle(rotateWaitMs)),
      repeat(this.clock, this.opts.safetyPollMs ?? 1_000, () => this.files.pollAll()),
      repeat(this.clock, this.opts.rescanIntervalMs ?? 10_000, () => this.rescan()),
    );
    const count = this.files.count();
    this.log(`Following ${count} file${count === 1 ? '' : 's'} for ${this.opts.inputs.map((i) => i.name).join(', ')}.`);
    this.resolveReady();
    // pump() resolves when a file has been read to its end (or is closed, or failed and will be retried).
    await Promise.all(this.files.all().map((f) => f.tail.pump()));
    this.resolveCaughtUp();
  }

  /** New names directly in a root are seen at once; deeper new directories at the next poll. */
  private watchRootDir(root: DiscoveryRoot): void {
    if (root.poll) return;
    if (this.rootDirs.has(root.dir)) {
      this.dirWatches.refresh(root.dir);
      return;
    }
    this.rootDirs.add(root.dir);
    this.dirWatches.watch(root.dir);
  }

  private inputFor(path: string): FileInput | undefined {
    const input = this.matchers.find((m) => m.matcher.matches(path))?.input;
    return input !== undefined && this.opts.claimedElsewhere?.(path) === true ? undefined : input;
  }

  private onFileEvent(kind: FileEventKind | DirectoryEventKind, path: string, stats: Stats | undefined): void {
    if (this.stopping) return;
    if (this.phase === 'startup') {
      if (this.inputFor(path)) this.queued.add(path);
      return;
    }
    if (kind === 'written') {
      // The hot path: one per write. Read the file at that name, and a rotated-away one that had it.
      const f = this.files.atPath(path);
      if (f) void f.tail.pump();
      this.files.forOrphansAt(path, (o) => void o.tail.pump());
      return;
    }
    const f = this.files.atPath(path);
    if (kind === 'change' && f && stats && stats.ino === f.tail.ino && stats.dev === f.tail.dev) {
      void f.tail.pump();
      return;
    }
    if (kind === 'renamed' && !f && !this.inputFor(path)) return;
    void this.checkPath(path, 'running');
  }

  private async scanRoots(roots: readonly DiscoveryRoot[], phase: Phase): Promise<void> {
    const lists = await Promise.all(roots.map((root) => listRootFiles(root).catch((err: unknown) => {
      this.log(`Listing ${root.dir} failed (${(err as Error).message}); it is tried again at the next re-scan.`);
      return [];
    })));
    const paths = [...new Set(lists.flat())].filter((p) => this.inputFor(p));
    // Bounded concurrency: hundreds of files appearing at once must not open hundreds of files in one tick.
    for (let i = 0; i < paths.length; i += 64) await Promise.all(paths.slice(i, i + 64).map((p) => this.checkPath(p, phase)));
  }

  /** Brings what we follow at `path` in line with what is there now; serialised per path. */
  private checkPath(path: string, phase: Phase): Promise<void> {
    return this.checks.run(path, phase, (p) =>
      this.stopping ? Promise.resolve() : this.checkPathOnce(path, p).catch((err: unknown) => this.log(`Following ${path} failed (${(err as Error).message}).`)),
    );
  }

  private async checkPathOnce(path: string, phase: Phase): Promise<void> {
    const input = this.inputFor(path);
    const current = this.files.atPath(path);
    const st = await stat(path).catch(() => undefined);
    if (!st || !st.isFile() || !input) {
      if (current) await this.orphan(current, false);
      return;
    }
    if (current && current.tail.ino === st.ino && current.tail.dev === st.dev) {
      void current.tail.pump();
      return;
    }
    if (current) await this.orphan(current, true);
    const known = this.files.byIdentity(identityKey(st.dev, st.ino));
    if (known) {
      // The same file under a watched name (renamed into it, or a second hard link): keep one reader.
      if (known.orphaned || !(await this.stillAt(known))) {
        if (!known.orphaned) this.opts.stats.rotation(known.input.name, 'rename');
        this.files.rename(known, path);
      }
      void known.tail.pump();
      return;
    }
    await this.open(path, input, phase);
  }

  private async open(path: string, input: FileInput, phase: Phase): Promise<void> {
    let tail: FileTail;
    try {
      tail = await FileTail.open(path, {
        source: input.name, maxLineBytes: input.maxLineBytes, headBytes: this.opts.headBytes ?? DEFAULT_HEAD_BYTES,
        slots: this.slots, stats: this.opts.stats, clock: this.clock, readGate: this.opts.readGate, log: this.log, syncReads: !input.poll,
        emit: (line) => this.subscriber?.next(line),
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') this.log(`Opening ${path} failed (${(err as Error).message}); it is tried again at the next re-scan.`);
      return;
    }
    if (this.stopping || this.files.byIdentity(tail.identity)) {
      // Replaced between stat and open, and the new file is already followed; or we are stopping.
      await tail.close();
      return;
    }
    // Positioned before it is registered: no event may make it read from byte 0 while it counts lines.
    await tail.start(this.startFor(tail, input, phase));
    if (this.stopping || this.files.byIdentity(tail.identity)) {
      await tail.close();
      return;
    }
    this.files.add(tail, input);
    void tail.pump();
  }

  private startFor(tail: FileTail, input: FileInput, phase: Phase): StartAt {
    const choice = chooseStart({
      phase, fromBeginning: input.fromBeginning, candidates: this.resume.get(tail.identity) ?? [], head: tail.headBytes(),
      size: tail.openedStat.size, bornAt: tail.openedStat.birthtimeMs, newerThan: this.newerThan,
    });
    // A checkpoint is used once: a file that comes back later (renamed away and back) goes on from where it is.
    if (choice.record) this.resume.delete(tail.identity);
    if (choice.truncatedSinceCheckpoint) {
      this.opts.stats.rotation(input.name, 'truncate');
      this.log(`${tail.path} was truncated or rewritten since its saved position; reading it from the start.`);
    }
    return choice.at;
  }

  private async stillAt(f: TrackedFile): Promise<boolean> {
    const st = await stat(f.tail.path).catch(() => undefined);
    return st !== undefined && st.ino === f.tail.ino && st.dev === f.tail.dev;
  }

  /** The name no longer leads to this file: drain it; it is closed once idle for the rotate wait. */
  private async orphan(f: TrackedFile, replaced: boolean): Promise<void> {
    if (f.orphaned) return;
    const links = await f.tail.linkCount();
    const kind = links !== undefined && links > 0 ? 'rename' : replaced ? 'replaced' : 'deleted';
    this.opts.stats.rotation(f.input.name, kind);
    this.files.orphan(f);
    void f.tail.pump();
  }

  private async release(f: TrackedFile): Promise<void> {
    this.files.remove(f);
    await f.tail.close();
  }
}
