// The run's file inputs, one FileTailSource each, so a config reload can start and stop inputs without
// touching the others: their descriptors, offsets and watches stay as they are. An input whose settings
// change (or whose files another input now claims) is stopped and started again from its exact positions:
// its files are read to their end first, and files it was draining after a rotation are drained to the end
// of their rotate wait as if nothing had happened; a removed input's files are closed and its positions forgotten. A file matched by two inputs belongs to the
// first in config order.
import { mergeAll, Subject } from '../reactive/rxjs.js';
import type { Observable } from 'rxjs';
import type { Clock } from '../sources/files/clock.js';
import type { FileInput } from '../sources/files/file-input.js';
import type { FileMatcher, MatcherEnv } from '../sources/files/file-matcher.js';
import { compileFileMatcher } from '../sources/files/file-matcher.js';
import type { PositionRecord, Positions } from '../sources/files/positions-file.js';
import { FileTailSource } from '../sources/files/tail-files.js';
import type { SourceStats } from '../sources/source-stats.js';
import type { LogLine } from '../types.js';
import { sameInput } from './config-change.js';

export interface InputSetOptions {
  readonly stats: SourceStats;
  readonly log: (sentence: string) => void;
  readonly debug?: (sentence: string) => void;
  readonly readGate?: () => Promise<void> | undefined;
  readonly rescanIntervalMs: number;
  readonly rotateWaitMs: number;
  readonly clock?: Clock;
  /** Wall-clock milliseconds (file birth times are compared with it). */
  readonly wallNow?: () => number;
  readonly env?: MatcherEnv;
}

/** What apply() did, by input name. */
export interface InputChanges {
  readonly started: readonly string[];
  readonly stopped: readonly string[];
  /** Stopped and started again from their positions (settings changed, or files changed hands). */
  readonly restarted: readonly string[];
}

interface RunningInput {
  readonly input: FileInput;
  readonly matcher: FileMatcher;
  readonly source: FileTailSource;
}

export class InputSet {
  /** Lines of every input, present and future. Subscribe before start(); stop() completes it. */
  readonly lines$: Observable<LogLine>;
  private readonly opts: InputSetOptions;
  private readonly sources$ = new Subject<Observable<LogLine>>();
  private running: RunningInput[] = [];
  /** Sources stopping during apply(): their positions are the ones saved until the successors have them. */
  private handingOver: FileTailSource[] = [];
  /** Stopped sources still draining rotated-away files (see StopHow.handover). */
  private readonly retiring = new Set<FileTailSource>();
  /** Config order, for deciding which input a file belongs to. */
  private claims: readonly { readonly name: string; readonly matcher: FileMatcher }[] = [];

  constructor(opts: InputSetOptions) {
    this.opts = opts;
    this.lines$ = this.sources$.pipe(mergeAll());
  }

  get size(): number {
    return this.running.length;
  }

  /** Starts the inputs of the start-up config, resuming from the positions file; resolves once all are open. */
  async start(inputs: readonly FileInput[], resume: Positions | undefined): Promise<void> {
    if (!this.sources$.observed) throw new Error('InputSet: subscribe to lines$ before start(), or the first lines are lost.');
    const matchers = inputs.map((i) => this.matcher(i));
    this.claims = inputs.map((input, i) => ({ name: input.name, matcher: matchers[i] }));
    this.running = inputs.map((input, i) => this.create(input, matchers[i], { resume }));
    await Promise.all(this.running.map((r) => r.source.ready));
  }

  /**
   * Brings the running inputs in line with `inputs`. Untouched inputs keep reading as they were. Inputs that
   * stop hand their final positions to the ones that start, so a file changing hands is read on from where
   * it was, never again from its start; other files of a new input start as at start-up (docs/reload.md).
   */
  async apply(inputs: readonly FileInput[]): Promise<InputChanges> {
    const before = new Map(this.running.map((r) => [r.input.name, r]));
    const matchers = inputs.map((input) => {
      const old = before.get(input.name);
      return old && sameInput(old.input, input) ? old.matcher : this.matcher(input);
    });
    const firstMatch = (path: string): string | undefined => inputs[matchers.findIndex((m) => m.matches(path))]?.name;
    const keep = this.inputsToKeep(inputs, before, firstMatch);

    const stopping = this.running.filter((r) => keep.get(r.input.name) !== r);
    // Taken before the stopping inputs stop looking: a file born after it (a rotation meanwhile) is read from 0.
    const now = (this.opts.wallNow ?? Date.now)();
    // Claims follow the new order before any new source looks at a file.
    this.claims = inputs.map((input, i) => ({ name: input.name, matcher: matchers[i] }));
    // The successors are created first: their directory watches are armed before their predecessors stop
    // looking, so a file created in between (a rotation during the restart) is seen. They list files only
    // once they have the handed-over positions; until then the predecessors' positions are the ones saved.
    const starting: RunningInput[] = [];
    this.handingOver = stopping.map((r) => r.source);
    this.running = inputs.map((input, i) => {
      const kept = keep.get(input.name);
      if (kept) return kept;
      // A file its predecessor would have read from 0 (one born since it looked, e.g. a rotation it had
      // not noticed yet) is still new; other files start as at start-up.
      const previous = before.get(input.name);
      const newerThanFor = previous && stopping.includes(previous)
        ? (path: string): number => (previous.matcher.matches(path) ? previous.source.newerThanAt(path) : now)
        : undefined;
      const started = this.create(input, matchers[i], { resume: undefined, awaitHandover: true, newerThan: now, newerThanFor });
      starting.push(started);
      return started;
    });
    const handover: PositionRecord[] = [];
    for (const r of stopping) {
      await r.source.stop({ handover: true });
      handover.push(...r.source.positions());
      this.retiring.add(r.source);
      void r.source.done.then(() => this.retiring.delete(r.source));
      this.opts.stats.filesWatched(r.input.name, 0);
      this.opts.stats.bytesBehind(r.input.name, 0);
    }
    for (const r of starting) r.source.receiveHandover(handover.filter((p) => firstMatch(p.path) === r.input.name));
    this.handingOver = [];
    await Promise.all(starting.map((r) => r.source.ready));
    // Only now do the stopped sources let go of the files they held: one rotated away during the restart
    // was seen by no successor and is drained by its old source from where it stopped.
    const followed = (identity: string): boolean => this.running.some((r) => r.source.follows(identity));
    await Promise.all(stopping.map((r) => r.source.settleHandover(followed)));
    // A removed input's lines stop being counted now: its rotated-away files are read to their end and closed.
    const names = new Set(inputs.map((i) => i.name));
    await Promise.all(stopping.filter((r) => !names.has(r.input.name)).map((r) => r.source.stop()));

    return {
      started: starting.filter((r) => !before.has(r.input.name)).map((r) => r.input.name),
      stopped: stopping.filter((r) => !names.has(r.input.name)).map((r) => r.input.name),
      restarted: starting.filter((r) => before.has(r.input.name)).map((r) => r.input.name),
    };
  }

  /** Resolves once every running input has read the files present at its start to their end. */
  async caughtUp(): Promise<void> {
    await Promise.all(this.running.map((r) => r.source.caughtUp));
  }

  /** Checkpointable positions of every input's files. */
  positions(): PositionRecord[] {
    return [...this.running.map((r) => r.source), ...this.handingOver].flatMap((source) => source.positions());
  }

  /** SIGHUP: every input closes its files and opens them again at the same positions. */
  async reopen(): Promise<void> {
    await Promise.all(this.running.map((r) => r.source.reopen()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.map((r) => r.source), ...this.retiring].map((source) => source.stop()));
    this.sources$.complete();
  }

  /**
   * Inputs that go on untouched: same settings, and no followed file changes hands. A kept input loses a file
   * when an input before it now matches that file; it gains one when a stopping input followed a file it is
   * now the first to match. Either way it is restarted with the handed-over positions instead.
   */
  private inputsToKeep(inputs: readonly FileInput[], before: Map<string, RunningInput>, firstMatch: (path: string) => string | undefined): Map<string, RunningInput> {
    const keep = new Map<string, RunningInput>();
    for (const input of inputs) {
      const old = before.get(input.name);
      if (old && sameInput(old.input, input)) keep.set(input.name, old);
    }
    for (let changed = true; changed;) {
      changed = false;
      const stoppingPaths = this.running.filter((r) => keep.get(r.input.name) !== r).flatMap((r) => r.source.positions().map((p) => p.path));
      for (const [name, r] of keep) {
        const loses = r.source.positions().some((p) => firstMatch(p.path) !== name);
        const gains = stoppingPaths.some((path) => firstMatch(path) === name);
        if (loses || gains) {
          keep.delete(name);
          changed = true;
        }
      }
    }
    return keep;
  }

  private matcher(input: FileInput): FileMatcher {
    return compileFileMatcher(input.include, input.exclude, this.opts.env);
  }

  private create(
    input: FileInput, matcher: FileMatcher,
    how: { resume: Positions | undefined; awaitHandover?: boolean; newerThan?: number; newerThanFor?: (path: string) => number },
  ): RunningInput {
    const source = new FileTailSource({
      inputs: [input],
      resume: how.resume,
      newerThan: how.newerThan,
      newerThanFor: how.newerThanFor,
      awaitHandover: how.awaitHandover,
      stats: this.opts.stats,
      log: this.opts.log,
      debug: this.opts.debug,
      clock: this.opts.clock,
      wallNow: this.opts.wallNow,
      readGate: this.opts.readGate,
      rescanIntervalMs: this.opts.rescanIntervalMs,
      rotateWaitMs: this.opts.rotateWaitMs,
      env: this.opts.env,
      claimedElsewhere: (path) => this.claimedBefore(input.name, path),
    });
    this.sources$.next(source.lines$);
    return { input, matcher, source };
  }

  /** An input earlier in config order matches `path`. */
  private claimedBefore(name: string, path: string): boolean {
    for (const c of this.claims) {
      if (c.name === name) return false;
      if (c.matcher.matches(path)) return true;
    }
    return false;
  }
}
