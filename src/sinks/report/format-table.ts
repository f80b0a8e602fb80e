// The scan report for people: a summary sentence, then one row per (family, code, class) saying what the
// code means, what to do, how often and when it was seen and in which files. On a terminal the rows wrap to
// its width (nothing is cut); `--wide` or output that is not a terminal prints one line per code with every
// column. Meanings and remedies come from the catalog in the chosen language; nothing here reads files.
import { relative, isAbsolute } from 'node:path';
import type { CatalogIndex } from '../../catalog/catalog-types.js';
import type { EventClass } from '../../types.js';
import type { CodeReport, CodeReportRow } from './code-report.js';
import { displayWidth, padToWidth } from './display-width.js';
import { wrapToWidth } from './wrap-to-width.js';

export interface TableReportOptions {
  readonly catalog: CatalogIndex;
  readonly lang: 'en' | 'zh';
  /** Terminal width: rows wrap to fit it. Undefined (not a terminal) or `wide`: one line per code. */
  readonly columns?: number;
  /** Every column on one line per code, whatever the width (`scan --wide`). */
  readonly wide?: boolean;
  /** How many inputs were read, for the summary. */
  readonly inputs: number;
  /** Lines that were altered or could not be read (truncated, invalid UTF-8, read errors, transform failures). */
  readonly notes?: readonly string[];
  /** File paths are shown relative to this directory when under it (default: the working directory). */
  readonly cwd?: string;
}

const WIDE_HEADERS = ['FAMILY', 'CODE', 'NAME', 'CLASS', 'COUNT', 'FIRST SEEN', 'LAST SEEN', 'MEANING', 'REMEDY', 'FILES'] as const;
const CLASS_ORDER: readonly EventClass[] = ['fatal', 'retryable', 'unknown', 'success'];
/** Below this the text column would hold two words a line; narrower terminals get a wider table. */
const MIN_TEXT_WIDTH = 30;
const MAX_CODE_WIDTH = 24;
/** Files named in the wrapped table before "and N more". */
const FILES_SHOWN = 3;

export function formatTableReport(report: CodeReport, opts: TableReportOptions): string {
  const rows = report.rows();
  const out: string[] = [summarySentence(report, opts.inputs)];
  for (const note of opts.notes ?? []) out.push(note);
  if (rows.length === 0) return `${out.join('\n')}\n`;
  const body = opts.wide === true || opts.columns === undefined ? wideTable(rows, opts) : wrappedTable(rows, opts, opts.columns);
  out.push('', ...body);
  return `${out.join('\n')}\n`;
}

/**
 * One line per code, every column whole: for `--wide`, pipes and files. A LEVEL column after CLASS when a row
 * has a handling level (npu-fault), so reports without one keep their columns.
 */
function wideTable(rows: readonly CodeReportRow[], opts: TableReportOptions): string[] {
  const levels = rows.some((r) => r.level !== undefined);
  const headers: readonly string[] = levels ? [...WIDE_HEADERS.slice(0, 4), 'LEVEL', ...WIDE_HEADERS.slice(4)] : WIDE_HEADERS;
  const countColumn = headers.indexOf('COUNT');
  const cells = rows.map((r) => [
    r.family, r.code, r.name, r.class, ...(levels ? [r.level ?? '-'] : []), String(r.count), shortTime(r.firstSeen), shortTime(r.lastSeen),
    meaningOf(r, opts), remedyOf(r, opts), filesOf(r, opts, Number.POSITIVE_INFINITY),
  ]);
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((c) => displayWidth(c[i] ?? ''))));
  const line = (c: readonly string[]): string =>
    c.map((text, i) => (i === c.length - 1 ? text : i === countColumn ? text.padStart(widths[i] ?? 0) : padToWidth(text, widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers), ...cells.map(line)];
}

/**
 * CODE (family, code, name), CLASS, COUNT and a text column holding the meaning, then the remedy, the files
 * and when it was seen, each wrapped to the terminal's width; a blank line between codes.
 */
function wrappedTable(rows: readonly CodeReportRow[], opts: TableReportOptions, columns: number): string[] {
  const codeLines = rows.map((r) => [r.family, r.code, r.name, ...seenLines(r)].filter((t) => t !== ''));
  const codeWidth = Math.min(MAX_CODE_WIDTH, Math.max(displayWidth('CODE'), ...codeLines.flat().map(displayWidth)));
  const countWidth = Math.max(displayWidth('COUNT'), ...rows.map((r) => String(r.count).length));
  const classWidth = Math.max(displayWidth('CLASS'), ...rows.map((r) => r.class.length));
  const textWidth = Math.max(MIN_TEXT_WIDTH, columns - codeWidth - classWidth - countWidth - 6);
  const label = opts.lang === 'zh' ? { remedy: '处理', files: '文件', level: '处理级别' } : { remedy: 'Remedy', files: 'Files', level: 'Level' };
  const out: string[] = [joinCells(['CODE', 'CLASS', 'COUNT', 'MEANING'], codeWidth, classWidth, countWidth)];
  rows.forEach((r, i) => {
    const left = codeLines[i].flatMap((t) => (displayWidth(t) <= codeWidth ? [t] : wrapToWidth(t, codeWidth)));
    const text = [
      ...wrapToWidth(meaningOf(r, opts) || '-', textWidth),
      ...(r.level === undefined ? [] : wrapToWidth(`${label.level}: ${r.level}`, textWidth)),
      ...wrapToWidth(`${label.remedy}: ${remedyOf(r, opts) || '-'}`, textWidth),
      ...wrapToWidth(`${label.files}: ${filesOf(r, opts, FILES_SHOWN)}`, textWidth),
    ];
    if (i > 0) out.push('');
    for (let l = 0; l < Math.max(left.length, text.length); l++) {
      out.push(joinCells([left[l] ?? '', l === 0 ? r.class : '', l === 0 ? String(r.count) : '', text[l] ?? ''], codeWidth, classWidth, countWidth));
    }
  });
  return out;
}

function joinCells(c: readonly [string, string, string, string], codeWidth: number, classWidth: number, countWidth: number): string {
  return `${padToWidth(c[0], codeWidth)}  ${padToWidth(c[1], classWidth)}  ${c[2].padStart(countWidth)}  ${c[3]}`.trimEnd();
}

function summarySentence(report: CodeReport, inputs: number): string {
  const read = `Read ${plural(report.lines, 'line')} from ${plural(inputs, 'input')}`;
  if (report.events === 0) return `${read}: no vendor error codes found.`;
  const parts = CLASS_ORDER.filter((c) => report.count(c) > 0).map((c) => `${report.count(c)} ${c}`);
  return `${read}: ${plural(report.events, 'code event')} (${parts.join(', ')}).`;
}

function meaningOf(row: CodeReportRow, opts: TableReportOptions): string {
  if (row.class === 'unknown') return opts.lang === 'zh' ? '不在目录中。' : 'Not in the catalog.';
  const entry = opts.catalog.lookup(row.family, row.code);
  if (!entry) return '';
  return oneLine(entry.message[opts.lang] || entry.message.en || entry.message.zh);
}

function remedyOf(row: CodeReportRow, opts: TableReportOptions): string {
  if (row.class === 'unknown') return opts.lang === 'zh' ? '请查阅厂商文档。' : 'Look it up in the vendor documentation.';
  const entry = opts.catalog.lookup(row.family, row.code);
  if (!entry) return '';
  return oneLine(entry.remedy[opts.lang] || entry.remedy.en || entry.remedy.zh);
}

function filesOf(row: CodeReportRow, opts: TableReportOptions, shown: number): string {
  const cwd = opts.cwd ?? process.cwd();
  const show = (p: string): string => {
    if (p === '-' || !isAbsolute(p)) return p === '-' ? 'stdin' : p;
    const rel = relative(cwd, p);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };
  const named = row.files.slice(0, shown).map(show);
  const rest = row.files.length - named.length;
  const more = rest > 0 || row.moreFiles ? ` and ${rest}${row.moreFiles ? '+' : ''} more` : '';
  return `${named.join(', ')}${more}`;
}

/** Under the code, to the minute (`--wide` has seconds): `at`, or `from` and `to`; nothing when lines had no time. */
function seenLines(row: CodeReportRow): string[] {
  const minute = (ms: number | undefined): string => shortTime(ms).slice(0, 16);
  if (row.firstSeen === undefined) return [];
  if (minute(row.firstSeen) === minute(row.lastSeen)) return [`at   ${minute(row.firstSeen)}`];
  return [`from ${minute(row.firstSeen)}`, `to   ${minute(row.lastSeen)}`];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `2025-03-14 09:21:07Z`: seconds are enough to find the moment in a log; '-' when lines had no time. */
function shortTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function plural(n: number, word: string): string {
  return `${groupThousands(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** `1234567` -> `1,234,567`, as toLocaleString('en-US') prints integers, without loading ICU's number formats (~25 ms, a scan of a small file paid it). */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
