// What one scan task hands back instead of its events: a row per (family, code, class) with the order in which
// things were first seen, so partials merged in task order give exactly the report one thread builds (counts,
// first/last seen, files in first-seen order, the first name, and the unknown-code cap applied in input order).
// Plain data: it crosses a worker_threads message as a structured clone.
import type { DropReason } from '../../sources/source-stats.js';
import { OTHER_CODE, UnknownCodes } from '../../transforms/enrich/unknown-codes.js';
import type { CodeEvent, EventClass } from '../../types.js';

export interface PartialRow {
  readonly family: string;
  readonly code: string;
  readonly class: EventClass;
  /** The first non-empty name and the event number it came with (-1: none). */
  name: string;
  nameSeq: number;
  /** npu-fault's handling level (from the catalog entry, the same on every event of the code). */
  level: string | undefined;
  count: number;
  firstSeen: number | undefined;
  lastSeen: number | undefined;
  /** Event number of the row's first event: the order the cap admits codes in. */
  readonly firstSeq: number;
  /** Each path with the event number of its first event here, in that order. */
  readonly files: [string, number][];
  /** The code went through the unknown-code cap (an uncatalogued value or a range member): the merge caps it again. */
  readonly capped: boolean;
}

export interface ScanPartial {
  readonly rows: PartialRow[];
  readonly lines: number;
  readonly bytes: number;
  readonly dropped: Record<DropReason, number>;
  readonly readErrors: { readonly path: string; readonly message: string }[];
  readonly logs: string[];
  /**
   * Families in which the task's cap was full and folded a value into `other`. The task could not know whether an
   * earlier task had admitted that value: the merge re-runs such a task from the cap as the earlier tasks left it.
   */
  readonly overflowed: string[];
}

/** The unknown-code cap of a task, remembering which reported values came through it. */
export class RecordingUnknownCodes extends UnknownCodes {
  private readonly through = new Set<string>();
  readonly overflowed = new Set<string>();

  override admit(family: string, code: string): string {
    const reported = super.admit(family, code);
    this.through.add(`${family}\u0000${reported}`);
    if (reported === OTHER_CODE && code !== OTHER_CODE && !this.overflowed.has(family) && this.codes(family).length >= this.maxPerFamily) this.overflowed.add(family);
    return reported;
  }

  cameThrough(family: string, code: string): boolean {
    return this.through.has(`${family}\u0000${code}`);
  }
}

/** Folds a task's events into rows; memory is bounded by its distinct codes (the cap bounds those) and files. */
type BuildingRow = PartialRow & { lastPath: string };

export class PartialReportBuilder {
  /** family -> code -> class -> row, as CodeReport keeps them: no key string built per event. */
  private readonly byFamily = new Map<string, Map<string, Map<EventClass, BuildingRow>>>();
  private readonly rows: BuildingRow[] = [];
  private seq = 0;

  constructor(private readonly cap: RecordingUnknownCodes) {}

  add(e: CodeEvent): void {
    const seq = this.seq++;
    let byCode = this.byFamily.get(e.family);
    if (byCode === undefined) this.byFamily.set(e.family, (byCode = new Map()));
    let byClass = byCode.get(e.code);
    if (byClass === undefined) byCode.set(e.code, (byClass = new Map()));
    let row = byClass.get(e.class);
    if (row === undefined) {
      row = { family: e.family, code: e.code, class: e.class, name: '', nameSeq: -1, level: e.level, count: 0, firstSeen: undefined, lastSeen: undefined, firstSeq: seq, files: [], capped: this.cap.cameThrough(e.family, e.code), lastPath: '' };
      byClass.set(e.class, row);
      this.rows.push(row);
    }
    row.count++;
    if (e.path !== row.lastPath) {
      row.lastPath = e.path;
      if (!row.files.some(([p]) => p === e.path)) row.files.push([e.path, seq]);
    }
    if (row.nameSeq === -1 && e.name !== '') {
      row.name = e.name;
      row.nameSeq = seq;
    }
    if (row.level === undefined && e.level !== undefined) row.level = e.level;
    const t = e.timestamp;
    if (t !== undefined && Number.isFinite(t)) {
      if (row.firstSeen === undefined || t < row.firstSeen) row.firstSeen = t;
      if (row.lastSeen === undefined || t > row.lastSeen) row.lastSeen = t;
    }
  }

  /** The rows in the order of their first event (the order they were made in), without the builder's own bookkeeping. */
  build(): PartialRow[] {
    return this.rows.map(({ lastPath: _, ...row }) => row);
  }
}
