// The scan report for people: a summary sentence, then one aligned row per (family, code, class) with
// what to do about it. Remedies come from the catalog in the chosen language; nothing here reads files.
import type { CatalogIndex } from '../../catalog/catalog-types.js';
import type { EventClass } from '../../types.js';
import type { CodeReport, CodeReportRow } from './code-report.js';
import { displayWidth, padToWidth, truncateToWidth } from './display-width.js';

export interface TableReportOptions {
  readonly catalog: CatalogIndex;
  readonly lang: 'en' | 'zh';
  /** Terminal width: the remedy column is cut to fit. Undefined (not a terminal): remedies are printed whole. */
  readonly columns?: number;
  /** How many inputs were read, for the summary. */
  readonly inputs: number;
  /** Lines that were altered or could not be read (truncated, invalid UTF-8, read errors, transform failures). */
  readonly notes?: readonly string[];
}

const HEADERS = ['FAMILY', 'CODE', 'NAME', 'CLASS', 'COUNT', 'FIRST SEEN', 'LAST SEEN', 'REMEDY'] as const;
const CLASS_ORDER: readonly EventClass[] = ['fatal', 'retryable', 'unknown', 'success'];

export function formatTableReport(report: CodeReport, opts: TableReportOptions): string {
  const rows = report.rows();
  const out: string[] = [summarySentence(report, opts.inputs)];
  for (const note of opts.notes ?? []) out.push(note);
  if (rows.length === 0) return `${out.join('\n')}\n`;

  const cells = rows.map((r) => [
    r.family,
    r.code,
    r.name,
    r.class,
    String(r.count),
    shortTime(r.firstSeen),
    shortTime(r.lastSeen),
    remedyOf(r, opts),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(displayWidth(h), ...cells.map((c) => displayWidth(c[i]))));
  const fixed = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  const remedyWidth = opts.columns !== undefined ? Math.max(opts.columns - fixed, 20) : undefined;
  const line = (c: readonly string[]): string =>
    c
      .map((text, i) => {
        if (i === c.length - 1) return remedyWidth !== undefined ? truncateToWidth(text, remedyWidth) : text;
        return i === 4 ? text.padStart(widths[i]) : padToWidth(text, widths[i]);
      })
      .join('  ')
      .trimEnd();
  out.push('', line(HEADERS), ...cells.map(line));
  return `${out.join('\n')}\n`;
}

function summarySentence(report: CodeReport, inputs: number): string {
  const read = `Read ${plural(report.lines, 'line')} from ${plural(inputs, 'input')}`;
  if (report.events === 0) return `${read}: no vendor error codes found.`;
  const parts = CLASS_ORDER.filter((c) => report.count(c) > 0).map((c) => `${report.count(c)} ${c}`);
  return `${read}: ${plural(report.events, 'code event')} (${parts.join(', ')}).`;
}

function remedyOf(row: CodeReportRow, opts: TableReportOptions): string {
  if (row.class === 'unknown') return 'Not in the catalog: look it up in the vendor documentation.';
  const entry = opts.catalog.lookup(row.family, row.code);
  if (!entry) return '';
  const text = entry.remedy[opts.lang] || entry.remedy.en || entry.remedy.zh;
  return text.replace(/\s+/g, ' ').trim();
}

/** `2025-03-14 09:21:07Z`: seconds are enough to find the moment in a log; '-' when lines had no time. */
function shortTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
