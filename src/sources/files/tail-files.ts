// Every line of every watched file, once: discovers files (chokidar polling, inotify watches of their
// directories, and of their symbolic links' target directories, for low latency, a periodic re-scan as a
// safety net), keeps one FileTail per file identity (device + inode) whatever its name, follows renames,
// drains a rotated-away or deleted file before letting it go (also when reopening on SIGHUP and when an
// input is restarted), and resumes from checkpoints by fingerprint; a checkpoint not used yet (the file
// could not be opened) is kept, and saved again, until the file is opened or its name leads elsewhere.
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { Subscriber } from 'rxjs';
import { Observable } from '../../reactive/rxjs.js';
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
import { PendingCheckpoints } from './pending-checkpoints.js';
import { ReadSlots } from './read-slots.js';
import { SerialByKey } from './serial-by-key.js';
import type { StartAt } from './tail-file.js';
import { FileTail } from './tail-file.js';
import { OpenedBeforeHandover } from './opened-before-handover.js';
import { TrackedFiles } from './tracked-files.js';
import type { TrackedFile } from './tracked-files.js';

export interface TailFilesOptions {
  readonly inputs: readonly FileInput[];
  /** The positions file read at start-up (undefined on a first run or after a corrupt one). */
  readonly resume?: Positions;
  readonly stats: SourceStats;
  readonly log?: (sentence: string) => void;
  /** Files discovered, rotated and released: one sentence each, for --log.level debug. */
  readonly debug?: (sentence: string) => void;
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
  /** Overrides `newerThan` per path (an input restarted: files its predecessor would have read from 0 still are). */
  readonly newerThanFor?: (path: string) => number;
  /**
   * A successor of a restarted input: its directory watches start at once, but nothing is listed or opened
   * until receiveHandover() gives it its predecessor's final positions.
   */
  readonly awaitHandover?: boolean;
}

/** Found by the start-up listing; found later; or a file we follow whose descriptor is to be opened anew (SIGHUP). */
type Phase = 'startup' | 'running' | 'reopen';
const PHASE_RANK: Record<Phase, number> = { startup: 0, running: 1, reopen: 2 };

/** How a source stops: `handover` when its input is restarted (a config reload) rather than the run ending. */
export interface StopHow {
  /**
   * Files still at their names are read to their end and held open, their positions final: they go to the
   * sources that take over, and settleHandover() decides what becomes of the held descriptors. Files rotated
   * away keep being drained until idle for the rotate wait, as they would have been; `done` resolves after.
   */
  readonly handover?: boolean;
}

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
  /** Resolves when lines$ has completed (after stop(), and after a handover's rotated-away files are drained). */
  readonly done: Promise<void>;
  private readonly opts: TailFilesOptions;
  private readonly clock: Clock;
  private readonly log: (sentence: string) => void;
  private readonly debug: (sentence: string) => void;
  private readonly matchers: { readonly input: FileInput; readonly matcher: FileMatcher }[];
  private readonly slots: ReadSlots;
  private readonly files: TrackedFiles;
  private readonly discovery: FileDiscovery;
  private readonly dirWatches: DirectoryWatches;
  private readonly rootDirs = new Set<string>();
  private readonly roots: readonly DiscoveryRoot[];
  private subscriber: Subscriber<LogLine> | undefined;
  private readonly resume: PendingCheckpoints;
  /** Files born after this wall-clock time are new even when found at start-up. */
  private newerThan: number;
  private phase: Phase = 'startup';
  private readonly queued = new Set<string>();
  private readonly openedEarly = new OpenedBeforeHandover();
  private readonly checks = new SerialByKey<Phase>((a, b) => (PHASE_RANK[a] >= PHASE_RANK[b] ? a : b));
  private timers: CancelTimer[] = [];
  private stopping = false;
  private handingOver = false;
  /** stop({handover}) is waiting for the checks in flight: a file they open is handed over, not dropped. */
  private stoppingForHandover = false;
  private settled = false;
  private finishing: Promise<void> | undefined;
  private resolveDone: () => void = () => undefined;
  private readonly handover: Promise<void>;
  private resolveHandover: () => void = () => undefined;
  private handoverReceived: boolean;
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
    this.debug = opts.debug ?? (() => undefined);
    this.matchers = opts.inputs.map((input) => ({ input, matcher: compileFileMatcher(input.include, input.exclude, opts.env) }));
    this.slots = new ReadSlots(opts.chunkBytes ?? 64 * 1024, opts.readSlots ?? 8);
    this.dirWatches = new DirectoryWatches((kind, path) => {
      this.onFileEvent(kind, path, undefined);
      // A file followed through a symbolic link: the event is about its target; handle it under the link's name.
      this.files.forLinksTo(path, (name) => this.onFileEvent(kind, name, undefined));
    });
    this.files = new TrackedFiles(opts.stats, opts.inputs.map((i) => i.name), this.dirWatches);
    // Only this source's checkpoints: the others' would be saved again by every source.
    this.resume = new PendingCheckpoints((opts.resume?.records ?? []).filter((r) => this.inputFor(r.path) !== undefined));
    const wallNow = (opts.wallNow ?? Date.now)();
    this.newerThan = opts.newerThan ?? (opts.resume ? opts.resume.writtenAt - (opts.rescanIntervalMs ?? 10_000) : wallNow);
    this.roots = this.matchers.flatMap(({ input, matcher }) =>
      matcher.roots.map((r) => ({ ...r, poll: input.poll, pollIntervalMs: input.pollIntervalMs })),
    );
    this.discovery = new FileDiscovery({
      roots: this.roots,
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
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.handover = opts.awaitHandover ? new Promise((resolve) => (this.resolveHandover = resolve)) : Promise.resolve();
    this.handoverReceived = opts.awaitHandover !== true;
    this.lines$ = new Observable<LogLine>((subscriber) => {
      if (this.subscriber) throw new Error('FileTailSource.lines$ can be subscribed once.');
      this.subscriber = subscriber;
      void this.start();
      return () => void this.stop();
    });
  }

  /** Checkpointable positions of the files followed under a watched name, and checkpoints not used yet. */
  positions(): PositionRecord[] {
    const records = this.files.named().map((f) => this.files.record(f));
    records.push(...this.resume.records((identity) => this.files.byIdentity(identity) !== undefined));
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
    await this.resume.prune((identity) => this.files.byIdentity(identity) !== undefined);
  }

  /**
   * SIGHUP: every file still at its name gets a new descriptor at its position, the old one read to its end
   * first; a file whose name now leads elsewhere was rotated and is drained as such (rotated-away files are
   * not touched); then every glob is re-scanned. A file that cannot be opened now keeps its old descriptor.
   */
  async reopen(): Promise<void> {
    if (this.stopping) return;
    await Promise.all(this.files.namedPaths().map((path) => this.checkPath(path, 'reopen')));
    await this.rescan();
  }

  /**
   * Stops reading: no line is delivered after this resolves (except, with `handover`, from rotated-away
   * files still being drained: see StopHow); descriptors are closed; lines$ completes. A later stop()
   * without `handover` ends such a drain at once.
   */
  async stop(how: StopHow = {}): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.stoppingForHandover = how.handover === true;
      this.resolveHandover();
      await this.discovery.close();
      this.dirWatches.close();
      await this.checks.idle();
      if (how.handover) {
        this.files.muteGauges();
        this.handingOver = true;
        await Promise.all(this.files.named().map(async (f) => {
          // Rotated but not noticed yet: it is drained like any rotated-away file, not closed half-read.
          if (!(await this.stillAt(f))) return this.orphan(f);
          await f.tail.pump();
          await f.tail.hold();
        }));
        return; // settleHandover() and the rotate-wait timer finish it
      }
    } else if (how.handover) {
      return;
    }
    await this.finish();
  }

  /**
   * After a handover, once the successors have listed their files: a held file a successor follows is
   * closed (the successor read on from its final position); one rotated away meanwhile, before any
   * successor could see it, is drained from that position as a rotated file; one still at its name that no
   * successor wants (its input was removed) is closed.
   */
  async settleHandover(followedElsewhere: (identity: string) => boolean): Promise<void> {
    await Promise.all(this.files.named().map(async (f) => {
      if (!f.tail.isHeld) return;
      if (!followedElsewhere(f.tail.identity) && !(await this.stillAt(f))) {
        f.tail.release();
        await this.orphan(f);
        return;
      }
      this.files.remove(f);
      await f.tail.close();
    }));
    this.settled = true;
    if (!this.files.all().some((f) => f.orphaned)) await this.finish();
  }

  /** The positions a restarted input's predecessor ended at (see TailFilesOptions.awaitHandover); once. */
  receiveHandover(records: readonly PositionRecord[]): void {
    this.resume.add(records.filter((r) => this.inputFor(r.path) !== undefined));
    this.handoverReceived = true;
    this.resolveHandover();
  }

  /** Whether a file of this identity is followed here. */
  follows(identity: string): boolean {
    return this.files.byIdentity(identity) !== undefined;
  }

  /** Ends the source: rotated-away files are read to their end (nothing will lead to them again), all are closed. */
  private finish(): Promise<void> {
    this.finishing ??= this.finishOnce();
    return this.finishing;
  }

  private async finishOnce(): Promise<void> {
    for (const cancel of this.timers) cancel();
    this.timers = [];
    await Promise.all(this.openedEarly.take().map((tail) => tail.close()));
    await Promise.all(this.files.all().map(async (f) => {
      if (f.orphaned) {
        await f.tail.pump();
        f.tail.flushIdlePartial(0);
        await this.countIfDeleted(f);
      }
      await f.tail.close();
    }));
    this.resolveCaughtUp();
    this.subscriber?.complete();
    this.resolveDone();
  }

  private async start(): Promise<void> {
    // The inotify watches first (chokidar's polling watchers take a while to be ready): a file created
    // meanwhile, e.g. by a rotation while an input restarts, is seen by an event if not by the listing.
    for (const root of this.roots) if (isDirectory(root.dir)) this.watchRootDir(root);
    await this.handover;
    await this.discovery.start();
    for (const root of this.discovery.watchedRoots()) if (!this.rootDirs.has(root.dir)) this.watchRootDir(root);
    await this.scanRoots(this.discovery.watchedRoots(), 'startup');
    this.phase = 'running';
    // Events seen while listing: files created meanwhile are new (read from byte 0); the rest are no-ops.
    const queued = [...this.queued];
    this.queued.clear();
    await Promise.all(queued.map((path) => this.checkPath(path, 'running')));
    await this.adoptOpenedEarly();
    const rotateWaitMs = this.opts.rotateWaitMs ?? 5_000;
    const minTimeout = Math.min(...this.opts.inputs.map((i) => i.partialLineTimeoutMs), rotateWaitMs);
    this.timers.push(
      repeat(this.clock, Math.max(20, Math.min(500, Math.floor(minTimeout / 4))), async () => {
        // A rotated-away file may have been renamed to a name we watch (`app.log.2` -> `app.log.3` with `app.log*`)
        // without our seeing that name yet (no event for it, or one still queued): released now, the next rescan
        // would find it as a new file and read it from its start a second time. The names are listed first.
        if (this.files.all().some((f) => TrackedFiles.dueForRelease(f, rotateWaitMs))) await this.rescan();
        for (const path of await this.files.flushIdle(rotateWaitMs, (f) => this.countIfDeleted(f))) {
          this.debug(`Released ${path}: rotated away and read to its end.`);
        }
        // A handed-over source ends once its last rotated-away file is drained and closed.
        if (this.handingOver && this.settled && !this.files.all().some((f) => f.orphaned)) await this.finish();
      }),
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
      if (!this.inputFor(path)) return;
      this.queued.add(path);
      // Looked at now, as if found by the listing (a file born meanwhile is new by its birth time): a file
      // created and rotated away while the listing runs would be gone by the time the queue is looked at.
      if (this.handoverReceived && kind !== 'written') void this.checkPath(path, 'startup');
      // Before the handover nothing may be read yet, but the file is opened now: one born and rotated away
      // before the listing (a rotation during a restart under load) is found by its descriptor.
      else if (kind !== 'written') void this.openEarly(path);
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
      if (current) await this.orphan(current);
      return;
    }
    if (current && current.tail.ino === st.ino && current.tail.dev === st.dev) {
      if (phase === 'reopen') await this.reopenFile(current);
      else void current.tail.pump();
      return;
    }
    if (current) await this.orphan(current);
    const known = this.files.byIdentity(identityKey(st.dev, st.ino));
    if (known) {
      // The same file under a watched name (renamed into it, or a second hard link): keep one reader.
      if (known.orphaned || !(await this.stillAt(known))) {
        if (!known.orphaned) this.countRename(known);
        this.files.rename(known, path);
      }
      void known.tail.pump();
      return;
    }
    await this.open(path, input, phase);
  }

  private openTail(path: string, input: FileInput): Promise<FileTail> {
    return FileTail.open(path, {
      source: input.name, maxLineBytes: input.maxLineBytes, headBytes: this.opts.headBytes ?? DEFAULT_HEAD_BYTES,
      slots: this.slots, stats: this.opts.stats, clock: this.clock, readGate: this.opts.readGate, log: this.log, syncReads: !input.poll,
      emit: (line) => this.subscriber?.next(line),
    });
  }

  /**
   * A new descriptor for a file still at its name: the old one is read to its end and closed, and the new
   * one goes on from exactly there. If the name cannot be opened now, or leads to another file by the time
   * it is, the old descriptor stays (the next check sees the rotation).
   */
  private async reopenFile(f: TrackedFile): Promise<void> {
    let fresh: FileTail;
    try {
      fresh = await this.openTail(f.tail.path, f.input);
    } catch (err) {
      this.log(`Reopening ${f.tail.path} failed (${(err as Error).message}); it is read on through the descriptor it had.`);
      void f.tail.pump();
      return;
    }
    if (fresh.identity !== f.tail.identity || this.stopping) {
      await fresh.close();
      void f.tail.pump();
      return;
    }
    await f.tail.pump();
    await f.tail.close(); // from here no line is delivered from the old descriptor: its position is final
    await fresh.start(f.tail.position());
    if (this.stopping) {
      await fresh.close(); // stop() saves the old descriptor's (final) position
      return;
    }
    this.files.replace(f, fresh);
    void fresh.pump();
  }

  /**
   * Whether a file opened now is dropped. Not while a handover waits for the checks in flight: a file one
   * of them opened may be renamed away before the successor lists the directory, and its successor may
   * have armed its watches too late to see it created (found under load, issue #10 hole 4).
   */
  private dropsNewFiles(): boolean {
    return this.stopping && (!this.stoppingForHandover || this.handingOver);
  }

  private async openEarly(path: string): Promise<void> {
    const input = this.inputFor(path);
    if (!input) return;
    const tail = await this.openTail(path, input).catch(() => undefined);
    if (tail) await this.openedEarly.keep(tail);
  }

  /**
   * Files opened while waiting for the handover that neither the listing found at their names nor the
   * predecessor followed (its positions name them, and it drains them itself): born after the predecessor
   * stopped looking and rotated away before the listing. All of each is new: drained from 0 as rotated.
   */
  private async adoptOpenedEarly(): Promise<void> {
    await Promise.all(this.openedEarly.take().map(async (tail) => {
      const input = this.inputFor(tail.path);
      if (!input || this.stopping || this.files.byIdentity(tail.identity) || this.resume.candidates(tail.identity).length > 0) {
        await tail.close();
        return;
      }
      await tail.start(this.startFor(tail, input, 'running'));
      if (this.stopping || this.files.byIdentity(tail.identity)) {
        await tail.close();
        return;
      }
      this.opts.stats.rotation(input.name, 'rename');
      this.files.addOrphan(tail, input);
      void tail.pump();
    }));
  }

  private async open(path: string, input: FileInput, phase: Phase): Promise<void> {
    let tail: FileTail;
    try {
      tail = await this.openTail(path, input);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') this.log(`Opening ${path} failed (${(err as Error).message}); it is tried again at the next re-scan.`);
      return;
    }
    if (this.dropsNewFiles() || this.files.byIdentity(tail.identity)) {
      // Replaced between stat and open, and the new file is already followed; or we are stopping.
      await tail.close();
      return;
    }
    // Positioned before it is registered: no event may make it read from byte 0 while it counts lines.
    await tail.start(this.startFor(tail, input, phase));
    if (this.dropsNewFiles() || this.files.byIdentity(tail.identity)) {
      await tail.close();
      return;
    }
    this.files.add(tail, input);
    this.debug(`Following ${path} for ${input.name}${phase === 'startup' ? '' : ' (new file)'}.`);
    void tail.pump();
  }

  /** Files at `path` found by the start-up listing and born at or after this wall-clock time are read from 0. */
  newerThanAt(path: string): number {
    return this.opts.newerThanFor?.(path) ?? this.newerThan;
  }

  private startFor(tail: FileTail, input: FileInput, phase: Phase): StartAt {
    const choice = chooseStart({
      phase: phase === 'startup' ? 'startup' : 'running', fromBeginning: input.fromBeginning, candidates: this.resume.candidates(tail.identity), head: tail.headBytes(),
      size: tail.openedStat.size, bornAt: tail.openedStat.birthtimeMs, newerThan: this.newerThanAt(tail.path),
    });
    // A checkpoint is used once: a file that comes back later (renamed away and back) goes on from where it is.
    this.resume.used(tail.identity);
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

  /**
   * The name no longer leads to this file: drain it; it is closed once idle for the rotate wait. Counted as
   * `deleted` when no name leads to it any more (removed, or another file renamed over it), else as a
   * rename, once per file (see countRename).
   */
  private async orphan(f: TrackedFile): Promise<void> {
    if (f.orphaned) return;
    const links = await f.tail.linkCount();
    if (links !== undefined && links > 0) this.countRename(f);
    else this.countDeleted(f);
    this.debug(`${f.tail.path} was ${links !== undefined && links > 0 ? 'rotated away' : 'deleted'}; reading it to its end before releasing it.`);
    this.files.orphan(f);
    void f.tail.pump();
  }

  /**
   * A rotated-away file deleted while it was drained (the next rotation renamed over the name it had moved to before
   * any check saw it there: `app.log.2` -> `app.log.3`, then `app.log.2` again over `app.log.3`) is counted as deleted
   * when it is let go (released idle, or closed at stop), before it leaves the open-file count. Once per file: one
   * deleted while it was followed under a name was counted then.
   */
  private async countIfDeleted(f: TrackedFile): Promise<void> {
    if (!f.deleted && (await f.tail.linkCount()) === 0) this.countDeleted(f);
  }

  private countDeleted(f: TrackedFile): void {
    if (f.deleted) return;
    f.deleted = true;
    this.opts.stats.rotation(f.input.name, 'deleted');
  }

  /**
   * A rotation is a file leaving the name it was first followed under. With the rotated names watched too
   * (`app.log*`), every rotation moves each older file one name on; those later moves are not rotations.
   */
  private countRename(f: TrackedFile): void {
    if (f.rotated) return;
    f.rotated = true;
    this.opts.stats.rotation(f.input.name, 'rename');
  }


}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
