// Renders catalog entries for people (explain text, list table) and for programs (one JSON shape,
// shared by `explain --format json` and `catalog list --format json`, snake_case like the catalog files).
// Column widths come from the one displayWidth (sinks/report/display-width.ts) the scan table uses.
import type { Bilingual, CatalogEntry } from './catalog-types.js';
import { displayWidth, padToWidth, truncateToWidth } from '../sinks/report/display-width.js';

export type Lang = 'en' | 'zh';

/** One entry as JSON: the catalog file's field names; optional fields appear only when the catalog has them. */
export interface CatalogEntryJson {
  readonly family: string;
  readonly code: string;
  readonly name: string;
  readonly class: string;
  readonly class_basis: string;
  readonly class_reason: string;
  readonly recoverable?: boolean;
  readonly http_status?: number;
  readonly message: Bilingual;
  readonly cause?: Bilingual;
  readonly remedy: Bilingual;
  readonly aliases: readonly string[];
  readonly range?: { readonly from: number; readonly to: number };
  readonly contexts: readonly { readonly when: Readonly<Record<string, readonly string[]>>; readonly class: string; readonly reason: string }[];
  readonly level?: string;
  readonly escalate?: { readonly count: number; readonly within: string; readonly severity: string; readonly level?: string; readonly reason: string };
  readonly source: string;
}

export function entryToJson(e: CatalogEntry): CatalogEntryJson {
  return {
    family: e.family,
    code: e.code,
    name: e.name,
    class: e.class,
    class_basis: e.classBasis,
    class_reason: e.classReason,
    ...(e.recoverable !== undefined && { recoverable: e.recoverable }),
    ...(e.httpStatus !== undefined && { http_status: e.httpStatus }),
    message: { en: e.message.en, zh: e.message.zh },
    ...(e.cause !== undefined && { cause: { en: e.cause.en, zh: e.cause.zh } }),
    remedy: { en: e.remedy.en, zh: e.remedy.zh },
    aliases: [...e.aliases],
    ...(e.range !== undefined && { range: { from: e.range.from, to: e.range.to } }),
    contexts: e.contexts.map((c) => ({ when: c.when, class: c.class, reason: c.reason })),
    ...(e.level !== undefined && { level: e.level }),
    ...(e.escalate !== undefined && { escalate: { ...e.escalate } }),
    source: e.source,
  };
}

/** A JSON array of entries, one per line-group, ending with a newline. */
export function formatEntriesJson(entries: readonly CatalogEntry[]): string {
  return `${JSON.stringify(entries.map(entryToJson), null, 2)}\n`;
}

const LABELS: Record<Lang, Record<string, string>> = {
  en: {
    aliases: 'aliases', class: 'class', why: 'why', context: 'in context', message: 'message', cause: 'cause', remedy: 'remedy',
    recoverable: 'recoverable', http: 'http status', level: 'level', escalate: 'escalates', range: 'range', source: 'source', yes: 'yes (vendor)', no: 'no (vendor)',
    rangeNote: 'exact entries inside it win',
  },
  zh: {
    aliases: '别名', class: '类别', why: '依据', context: '上下文', message: '含义', cause: '原因', remedy: '处理',
    recoverable: '可恢复', http: 'HTTP状态', level: '处理级别', escalate: '升级', range: '范围', source: '来源', yes: '是（厂商）', no: '否（厂商）',
    rangeNote: '范围内的精确条目优先',
  },
};

/** What `explain` prints for one entry: class and why first, then what to do. */
export function formatEntryText(e: CatalogEntry, lang: Lang): string {
  const L = LABELS[lang];
  const rows: [string, string][] = [];
  if (e.aliases.length > 0) rows.push([L.aliases, e.aliases.join(', ')]);
  rows.push([L.class, e.class]);
  rows.push([L.why, `${e.classBasis}: ${e.classReason}`]);
  if (e.level !== undefined) rows.push([L.level, e.level]);
  if (e.escalate !== undefined) rows.push([L.escalate, escalationText(e.escalate)]);
  for (const c of e.contexts) {
    const when = Object.entries(c.when).map(([label, values]) => `${label} in [${values.join(', ')}]`).join(' and ');
    rows.push([L.context, `${when} -> ${c.class}: ${c.reason}`]);
  }
  if (e.range !== undefined) rows.push([L.range, `${e.range.from}..${e.range.to} (${L.rangeNote})`]);
  rows.push([L.message, e.message[lang]]);
  if (e.cause !== undefined) rows.push([L.cause, e.cause[lang]]);
  rows.push([L.remedy, e.remedy[lang]]);
  if (e.recoverable !== undefined) rows.push([L.recoverable, e.recoverable ? L.yes : L.no]);
  if (e.httpStatus !== undefined) rows.push([L.http, String(e.httpStatus)]);
  rows.push([L.source, e.source]);

  const width = Math.max(...rows.map(([label]) => displayWidth(label)));
  const header = [e.family, e.code, e.name].filter((s) => s !== '').join('  ');
  const body = rows.map(([label, value]) => `  ${padToWidth(label, width)}  ${indentContinuation(value, width + 4)}`);
  return `${header}\n${body.join('\n')}\n`;
}

/** Several entries for one spelling: a line saying how many matched, then each entry. */
export function formatEntriesText(spelling: string, entries: readonly CatalogEntry[], lang: Lang): string {
  const blocks = entries.map((e) => formatEntryText(e, lang)).join('\n');
  if (entries.length < 2) return blocks;
  const families = entries.map((e) => e.family).join(', ');
  const header =
    lang === 'zh'
      ? `"${spelling}" 匹配 ${entries.length} 个条目（${families}）：`
      : `"${spelling}" matches ${entries.length} entries (${families}):`;
  return `${header}\n\n${blocks}`;
}

const MESSAGE_WIDTH = 60;

/** Aligned columns for people: family, code, name, class and the English message cut to fit. */
export function formatEntriesTable(entries: readonly CatalogEntry[]): string {
  const rows = [
    ['FAMILY', 'CODE', 'NAME', 'CLASS', 'MESSAGE'],
    ...entries.map((e) => [e.family, e.code, e.name, e.class, truncateToWidth(oneLine(e.message.en), MESSAGE_WIDTH)]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows
    .map((r) => r.map((cell, i) => (i < widths.length ? padToWidth(cell, widths[i] ?? 0) : cell)).join('  ').trimEnd())
    .join('\n')
    .concat('\n');
}

/** `2 times within 24h on one source -> page (ManuallySeparateNPU): <reason>` */
function escalationText(x: NonNullable<CatalogEntry['escalate']>): string {
  const level = x.level === undefined ? '' : ` (${x.level})`;
  return `${x.count} times within ${x.within} on one source -> ${x.severity}${level}: ${x.reason}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function indentContinuation(s: string, indent: number): string {
  return s.replace(/\n/g, `\n${' '.repeat(indent)}`);
}

