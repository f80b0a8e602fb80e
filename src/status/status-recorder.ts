// Remembers what the status page shows, in bounded memory: per input what was read and when, counts per
// code, the last fatal events (lines capped, or not kept at all when samples are off), the knowledge load
// state, the last reloads of config, rules and catalogs, and when each file's read position last moved. Hot-path calls never throw and cost a map update.
import type { Knowledge } from '../knowledge/load-knowledge.js';
import type { LoadErrors } from '../load/load-error.js';
import { formatLoadError } from '../load/load-error.js';
import type { ReloadOutcome } from '../run/run-context.js';
import type { PositionRecord } from '../sources/files/positions-file.js';
import type { DropReason, RotationKind, SourceStats } from '../sources/source-stats.js';
import type { CodeEvent, EventClass, PodRef } from '../types.js';
import { Telemetry } from '../pipeline/telemetry.js';
import { RingBuffer } from './ring-buffer.js';
import type { CheckpointStatus } from './status-types.js';

export interface StatusRecorderOptions {
  /** Every configured source name. */
  readonly sources: readonly string[];
  /** Keep sample lines of fatal events (false: no line text is kept at all). */
  readonly samples: boolean;
  /** Wall clock, epoch milliseconds. */
  readonly now?: () => number;
  /** Where each followed file has been read to (RunContext.positions). */
  readonly positions?: () => readonly PositionRecord[];
  /** Fatal events kept (default 50). */
  readonly maxFatalEvents?: number;
  /** Characters of a sample line kept (default 512). */
  readonly maxLineChars?: number;
  /** Distinct family/code/class rows tallied (default 2000); later ones are only counted as omitted. */
  readonly maxCodes?: number;
  /** Events kept per code for the page's expanded rows (default 5): with lines, at most maxCodes x this many lines. */
  readonly recentPerCode?: number;
  /** How often the read positions are looked at, off the hot path (attachStatus's timer; default 1000 ms). */
  readonly observeEveryMs?: number;
  /**
   * The run's one telemetry model, which the metrics read too (pipeline/telemetry.ts). Default: one of its
   * own, fed by this recorder's SourceStats hooks.
   */
  readonly telemetry?: Telemetry;
}

export interface SourceActivity {
  linesRead: number;
  bytesRead: number;
  lastReadAt: number | null;
  filesOpen: number;
  readonly dropped: Record<DropReason, number>;
  rotations: number;
}

export interface CodeTally {
  readonly family: string;
  readonly code: string;
  name: string;
  readonly class: EventClass;
  count: number;
  /** When the exporter read the first and the last event (wall clock). */
  readonly firstSeenAt: number;
  lastSeenAt: number;
  /** The earliest and latest time the lines themselves carried; undefined while no line had one. */
  firstLoggedAt: number | undefined;
  lastLoggedAt: number | undefined;
  /** The sources the events came from (at most MAX_SOURCES_PER_CODE). */
  readonly sources: Set<string>;
  /** The last events of this code, their lines only when samples are on. */
  readonly recent: RingBuffer<EventRecord>;
}

/** One event as the page shows it under its code. */
export interface EventRecord {
  readonly at: number;
  readonly timestamp?: number;
  readonly source: string;
  readonly path: string;
  readonly lineNo: number;
  /** The pod of a container log line; absent for host logs. */
  readonly pod?: PodRef;
  /** Present only when samples are on; at most maxLineChars + 1 characters (the extra one marks a cut). */
  readonly line?: string;
}

/** Sources remembered per code, for the page's source filter. */
export const MAX_SOURCES_PER_CODE = 16;

/** A fatal event: an event record that also says which code it was. */
export interface FatalRecord extends EventRecord {
  readonly family: string;
  readonly code: string;
  readonly name: string;
}

export interface KnowledgeLoadState {
  readonly knowledge: Knowledge;
  readonly loadedAt: number;
  /** The latest attempt; `problems` holds the first few of `problemCount`. */
  readonly lastLoad: { readonly ok: boolean; readonly at: number; readonly problems: readonly string[]; readonly problemCount: number };
  readonly reloads: { readonly succeeded: number; readonly failed: number };
}

/** One reload attempt as the page lists it; problems are `file:line:col message`, the first few of `problemCount`. */
export interface ReloadRecord {
  readonly at: number;
  readonly kind: ReloadOutcome['kind'];
  readonly trigger: ReloadOutcome['trigger'];
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly problemCount: number;
  readonly notes: readonly string[];
}

/** A followed file with the time its read position was last seen to move. */
export interface ObservedFile {
  readonly position: PositionRecord;
  readonly lastReadAt: number | null;
}

interface ReadMark {
  offset: number;
  lastReadAt: number | null;
}

const MAX_PROBLEMS_KEPT = 20;
const MAX_RELOADS_KEPT = 20;
const MAX_PROBLEMS_PER_RELOAD = 5;

export class StatusRecorder implements SourceStats {
  readonly startedAt: number;
  readonly samples: boolean;
  readonly maxLineChars: number;
  /** What the sources report: the run's telemetry, shared with the metrics; this recorder keeps no copy. */
  readonly telemetry: Telemetry;
  readonly codes = new Map<string, CodeTally>();
  readonly fatal: RingBuffer<FatalRecord>;
  readonly totals: Record<EventClass, number> = { fatal: 0, retryable: 0, unknown: 0, success: 0 };
  codesOmitted = 0;
  /** The last reload attempts of the config, rules and catalogs (start-up loads are not listed). */
  readonly reloads = new RingBuffer<ReloadRecord>(MAX_RELOADS_KEPT);
  /** Settings changed in the config file that only a restart applies, as of the last config reload. */
  restartRequired: readonly string[] = [];
  private load: KnowledgeLoadState | undefined;
  private readonly now: () => number;
  private readonly maxCodes: number;
  private readonly recentPerCode: number;
  readonly observeEveryMs: number;
  private readonly marks = new Map<string, ReadMark>();
  private observedOnce = false;
  private lastObservedAt = -Infinity;

  constructor(private readonly opts: StatusRecorderOptions) {
    this.now = opts.now ?? Date.now;
    this.startedAt = this.now();
    this.samples = opts.samples;
    this.maxLineChars = opts.maxLineChars ?? 512;
    this.maxCodes = opts.maxCodes ?? 2000;
    this.recentPerCode = opts.recentPerCode ?? 5;
    this.observeEveryMs = opts.observeEveryMs ?? 1000;
    this.fatal = new RingBuffer(opts.maxFatalEvents ?? 50);
    this.telemetry = opts.telemetry ?? new Telemetry({ now: this.now });
    for (const s of opts.sources) this.telemetry.source(s);
  }

  /** Counts one event; keeps it (and its line, if samples are on) among the last fatal ones. */
  recordEvent(e: CodeEvent): void {
    const at = this.now();
    this.totals[e.class] = (this.totals[e.class] ?? 0) + 1;
    const key = `${e.family}\0${e.code}\0${e.class}`;
    let tally = this.codes.get(key);
    if (tally !== undefined) {
      tally.count++;
      tally.lastSeenAt = at;
      tally.name = e.name;
    } else if (this.codes.size < this.maxCodes) {
      tally = {
        family: e.family, code: e.code, name: e.name, class: e.class, count: 1, firstSeenAt: at, lastSeenAt: at,
        firstLoggedAt: undefined, lastLoggedAt: undefined, sources: new Set(), recent: new RingBuffer(this.recentPerCode),
      };
      this.codes.set(key, tally);
    } else {
      this.codesOmitted++;
    }
    const line = this.samples ? (e.line.length > this.maxLineChars + 1 ? e.line.slice(0, this.maxLineChars + 1) : e.line) : undefined;
    if (tally !== undefined) {
      const t = e.timestamp;
      if (t !== undefined && Number.isFinite(t)) {
        if (tally.firstLoggedAt === undefined || t < tally.firstLoggedAt) tally.firstLoggedAt = t;
        if (tally.lastLoggedAt === undefined || t > tally.lastLoggedAt) tally.lastLoggedAt = t;
      }
      if (tally.sources.size < MAX_SOURCES_PER_CODE) tally.sources.add(e.source);
      const event: { -readonly [K in keyof EventRecord]: EventRecord[K] } = { at, source: e.source, path: e.path, lineNo: e.lineNo };
      if (e.timestamp !== undefined) event.timestamp = e.timestamp;
      if (e.pod !== undefined) event.pod = e.pod;
      if (line !== undefined) event.line = line;
      tally.recent.push(event);
    }
    if (e.class !== 'fatal') return;
    const record: { -readonly [K in keyof FatalRecord]: FatalRecord[K] } = {
      at, family: e.family, code: e.code, name: e.name, source: e.source, path: e.path, lineNo: e.lineNo,
    };
    if (e.timestamp !== undefined) record.timestamp = e.timestamp;
    if (e.pod !== undefined) record.pod = e.pod;
    if (line !== undefined) record.line = line;
    this.fatal.push(record);
  }

  /** The knowledge in use: the one loaded at start-up, or a reload that succeeded. */
  knowledgeLoaded(knowledge: Knowledge): void {
    const at = this.now();
    const reloads = this.load === undefined ? { succeeded: 0, failed: 0 } : { ...this.load.reloads, succeeded: this.load.reloads.succeeded + 1 };
    this.load = { knowledge, loadedAt: at, lastLoad: { ok: true, at, problems: [], problemCount: 0 }, reloads };
  }

  /** A reload failed; the previous knowledge stays in use. */
  knowledgeFailed(errors: LoadErrors): void {
    if (this.load === undefined) throw new Error('StatusRecorder.knowledgeFailed before knowledgeLoaded');
    const problems = errors.errors.map(formatLoadError);
    this.load = {
      ...this.load,
      lastLoad: { ok: false, at: this.now(), problems: problems.slice(0, MAX_PROBLEMS_KEPT), problemCount: problems.length },
      reloads: { ...this.load.reloads, failed: this.load.reloads.failed + 1 },
    };
  }

  /** A reload attempt of one kind finished (SIGHUP or a changed file). */
  reloaded(outcome: ReloadOutcome): void {
    const problems = outcome.problems.map(formatLoadError);
    this.reloads.push({
      at: outcome.at, kind: outcome.kind, trigger: outcome.trigger, ok: outcome.ok,
      problems: problems.slice(0, MAX_PROBLEMS_PER_RELOAD), problemCount: problems.length, notes: [...outcome.notes],
    });
    if (outcome.kind === 'config' && outcome.ok) this.restartRequired = [...outcome.restartRequired];
  }

  knowledgeState(): KnowledgeLoadState {
    if (this.load === undefined) throw new Error('StatusRecorder: knowledgeLoaded was never called');
    return this.load;
  }

  /** Per source, what the page shows of the telemetry (read when the page asks, never on the hot path). */
  get activity(): Map<string, SourceActivity> {
    const view = new Map<string, SourceActivity>();
    for (const [source, a] of this.telemetry.activity) {
      view.set(source, { linesRead: a.linesRead, bytesRead: a.bytesRead, lastReadAt: a.lastReadAt, filesOpen: a.filesOpen, dropped: { ...a.dropped }, rotations: a.rotations });
    }
    return view;
  }

  checkpointState(): CheckpointStatus {
    const { lastAt, lastOk, failures } = this.telemetry.checkpoint;
    return { lastAt, lastOk, failures };
  }

  /**
   * Looks at where each followed file has been read to, and notes when a position moved. A move is dated
   * at its source's last read (the lines that moved it were delivered then). A file first seen after the
   * first look with data already read was read since (new files are read from their first byte).
   */
  observeFiles(): ObservedFile[] {
    const records = this.opts.positions?.() ?? [];
    this.lastObservedAt = this.now();
    const present = new Set<string>();
    const out: ObservedFile[] = [];
    for (const position of records) {
      const key = `${position.dev}:${position.ino}`;
      present.add(key);
      const sourceRead = this.telemetry.activity.get(position.source)?.lastReadAt ?? null;
      let mark = this.marks.get(key);
      if (mark === undefined) {
        mark = { offset: position.offset, lastReadAt: this.observedOnce && position.offset > 0 ? sourceRead : null };
        this.marks.set(key, mark);
      } else if (mark.offset !== position.offset) {
        mark.offset = position.offset;
        mark.lastReadAt = sourceRead ?? this.lastObservedAt;
      }
      out.push({ position, lastReadAt: mark.lastReadAt });
    }
    for (const key of this.marks.keys()) if (!present.has(key)) this.marks.delete(key);
    this.observedOnce = true;
    return out;
  }

  // The SourceStats hooks only feed the telemetry (when the recorder has its own; in a run the sources
  // report to the shared telemetry directly).
  linesRead(source: string, lines: number, bytes: number): void {
    this.telemetry.linesRead(source, lines, bytes);
  }

  linesDropped(source: string, reason: DropReason, count: number): void {
    this.telemetry.linesDropped(source, reason, count);
  }

  rotation(source: string, kind: RotationKind): void {
    this.telemetry.rotation(source, kind);
  }

  filesWatched(source: string, count: number): void {
    this.telemetry.filesWatched(source, count);
  }

  bytesBehind(source: string, bytes: number): void {
    this.telemetry.bytesBehind(source, bytes);
  }

  checkpointWritten(ok: boolean): void {
    this.telemetry.checkpointWritten(ok);
  }
}
