// Aggregates code events into one row per (family, code, class) with counts and first/last timestamps.
// Memory is bounded by the number of distinct codes (the unknown-code cap keeps that bounded too).
import type { CodeEvent, EventClass } from '../../types.js';

export interface CodeReportRow {
  readonly family: string;
  readonly code: string;
  readonly name: string;
  /** npu-fault: MindCluster's handling level from the catalog entry (as on the events); absent for other codes. */
  readonly level?: string;
  readonly class: EventClass;
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
  level: string | undefined;
  class: EventClass;
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
    const row = this.row(e.family, e.code, e.class, e.name, e.level);
    row.count++;
    if (e.path !== row.lastPath) {
      row.lastPath = e.path;
      addFile(row, e.path);
    }
    if (row.name === '' && e.name !== '') row.name = e.name;
    if (row.level === undefined && e.level !== undefined) row.level = e.level;
    widen(row, e.timestamp, e.timestamp);
  }

  /**
   * Adds a row's worth of events at once, as if they came next, one by one (a scan thread's part of the scan,
   * pipeline/parallel/merge-partials.ts): `files` in the order of their first event.
   */
  addRow(r: { readonly family: string; readonly code: string; readonly class: EventClass; readonly name: string; readonly level?: string | undefined; readonly count: number; readonly firstSeen: number | undefined; readonly lastSeen: number | undefined; readonly files: readonly string[] }): void {
    this.events += r.count;
    this.perClass.set(r.class, (this.perClass.get(r.class) ?? 0) + r.count);
    const row = this.row(r.family, r.code, r.class, r.name, r.level);
    row.count += r.count;
    for (const path of r.files) addFile(row, path);
    row.lastPath = r.files.at(-1) ?? row.lastPath;
    if (row.name === '' && r.name !== '') row.name = r.name;
    if (row.level === undefined && r.level !== undefined) row.level = r.level;
    widen(row, r.firstSeen, r.lastSeen);
  }

  private row(family: string, code: string, cls: EventClass, name: string, level: string | undefined): MutableRow {
    let byCode = this.byFamily.get(family);
    if (byCode === undefined) this.byFamily.set(family, (byCode = new Map()));
    let byClass = byCode.get(code);
    if (byClass === undefined) byCode.set(code, (byClass = new Map()));
    let row = byClass.get(cls);
    if (row === undefined) {
      row = { family, code, name, class: cls, level, count: 0, firstSeen: undefined, lastSeen: undefined, files: new Set(), moreFiles: false, lastPath: '' };
      byClass.set(cls, row);
    }
    return row;
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

function addFile(row: MutableRow, path: string): void {
  if (row.files.size < MAX_FILES_PER_ROW) row.files.add(path);
  else if (!row.files.has(path)) row.moreFiles = true;
}

function widen(row: MutableRow, first: number | undefined, last: number | undefined): void {
  if (first !== undefined && Number.isFinite(first) && (row.firstSeen === undefined || first < row.firstSeen)) row.firstSeen = first;
  if (last !== undefined && Number.isFinite(last) && (row.lastSeen === undefined || last > row.lastSeen)) row.lastSeen = last;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
