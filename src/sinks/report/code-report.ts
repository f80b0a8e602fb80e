// Aggregates code events into one row per (family, code, class) with counts and first/last timestamps.
// Memory is bounded by the number of distinct codes (the unknown-code cap keeps that bounded too).
import type { CodeEvent, EventClass } from '../../types.js';

export interface CodeReportRow {
  readonly family: string;
  readonly code: string;
  readonly name: string;
  readonly class: EventClass;
  /** npu-fault: MindCluster's handling level from the catalog entry (as on the events); absent for other codes. */
  readonly level?: string;
  readonly count: number;
  /** Earliest / latest timestamp parsed from the lines (ms since the epoch), undefined when no line had one. */
  readonly firstSeen: number | undefined;
  readonly lastSeen: number | undefined;
  /** The files (paths as read, `-` for stdin) the events came from, first seen first, at most MAX_FILES_PER_ROW. */
  readonly files: readonly string[];
  /** More files than `files` lists carried this code. */
  readonly moreFiles: boolean;
}

/** Files remembered per row: enough to say where to look, bounded however many files a scan reads. */
export const MAX_FILES_PER_ROW = 20;

interface MutableRow {
  family: string;
  code: string;
  name: string;
  class: EventClass;
  level: string | undefined;
  count: number;
  firstSeen: number | undefined;
  lastSeen: number | undefined;
  files: Set<string>;
  moreFiles: boolean;
  /** The path of the last event, so a run of events from one file costs one comparison. */
  lastPath: string;
}

export class CodeReport {
  /** family -> code -> class -> row: nested maps on strings the catalog interned, no key built per event. */
  private readonly byFamily = new Map<string, Map<string, Map<EventClass, MutableRow>>>();
  private readonly perClass = new Map<EventClass, number>();
  /** Lines read from all inputs. */
  lines = 0;
  /** Code events seen (every class, success included). */
  events = 0;

  add(e: CodeEvent): void {
    this.events++;
    this.perClass.set(e.class, (this.perClass.get(e.class) ?? 0) + 1);
    let byCode = this.byFamily.get(e.family);
    if (byCode === undefined) this.byFamily.set(e.family, (byCode = new Map()));
    let byClass = byCode.get(e.code);
    if (byClass === undefined) byCode.set(e.code, (byClass = new Map()));
    let row = byClass.get(e.class);
    if (row === undefined) {
      row = { family: e.family, code: e.code, name: e.name, class: e.class, level: e.level, count: 0, firstSeen: undefined, lastSeen: undefined, files: new Set(), moreFiles: false, lastPath: '' };
      byClass.set(e.class, row);
    }
    row.count++;
    if (e.path !== row.lastPath) {
      row.lastPath = e.path;
      if (row.files.size < MAX_FILES_PER_ROW) row.files.add(e.path);
      else if (!row.files.has(e.path)) row.moreFiles = true;
    }
    if (row.name === '' && e.name !== '') row.name = e.name;
    if (row.level === undefined && e.level !== undefined) row.level = e.level;
    const t = e.timestamp;
    if (t !== undefined && Number.isFinite(t)) {
      if (row.firstSeen === undefined || t < row.firstSeen) row.firstSeen = t;
      if (row.lastSeen === undefined || t > row.lastSeen) row.lastSeen = t;
    }
  }

  /** Events of one class. */
  count(cls: EventClass): number {
    return this.perClass.get(cls) ?? 0;
  }

  /** Rows by count (highest first), then family, then code, then class: a stable order for people and diffs. */
  rows(): CodeReportRow[] {
    const rows: CodeReportRow[] = [];
    for (const byCode of this.byFamily.values()) {
      for (const byClass of byCode.values()) {
        for (const r of byClass.values()) {
          rows.push({ family: r.family, code: r.code, name: r.name, class: r.class, ...(r.level !== undefined && { level: r.level }), count: r.count, firstSeen: r.firstSeen, lastSeen: r.lastSeen, files: [...r.files], moreFiles: r.moreFiles });
        }
      }
    }
    return rows.sort((a, b) => b.count - a.count || compare(a.family, b.family) || compare(a.code, b.code) || compare(a.class, b.class));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
