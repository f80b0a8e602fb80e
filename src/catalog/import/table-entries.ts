// Turns a vendor table (header texts plus rows of plain-text cells) into seed entries by recognising
// what each column holds from its header, so any page with the same kind of table imports unchanged.
import { languageOf } from './seed-entry.js';
import type { Lang, SeedEntry, SeedProblem, SeedText } from './seed-entry.js';

export type ColumnRole = 'code' | 'name' | 'http_status' | 'message' | 'cause' | 'remedy' | 'recoverable';

/** Header texts (lower-cased, spaces removed) the vendors use, and what the column holds. */
const HEADER_ROLES: Readonly<Record<string, ColumnRole>> = {
  错误码: 'code', 错误码值: 'code', 状态码值: 'code', 返回码: 'code', 返回码值: 'code', code: 'code', errorcode: 'code',
  状态码名称: 'name', 错误码名称: 'name', 枚举值: 'name', 名称: 'name', name: 'name',
  状态码: 'http_status', http状态码: 'http_status', statuscode: 'http_status', httpstatus: 'http_status',
  描述: 'message', 描述信息: 'message', 说明: 'message', 状态码说明: 'message', 错误码说明: 'message', 含义: 'message',
  错误信息: 'message', 错误描述: 'message', message: 'message', description: 'message', meaning: 'message',
  可能原因: 'cause', 原因: 'cause', cause: 'cause',
  处理措施: 'remedy', 解决办法: 'remedy', 处理步骤: 'remedy', 处理建议: 'remedy', 解决方案: 'remedy',
  remedy: 'remedy', solution: 'remedy',
  是否可恢复: 'recoverable', recoverable: 'recoverable',
};

export function roleOfHeader(header: string): ColumnRole | undefined {
  return HEADER_ROLES[header.toLowerCase().replace(/\s+/g, '')];
}

/** A row key that is a code: digits, a hex number, `AIS.0014`, a CANN message code `EZ9999`, or a range like `561xxx`. */
export function isCodeLike(text: string): boolean {
  return /^(?:\d+x+|-?\d+|0x[0-9a-f]+|[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+|E[A-Z0-9]\d{4})$/i.test(text);
}

/** `561xxx` -> 561000..561999; undefined for an exact code. */
export function rangeOf(code: string): { from: number; to: number } | undefined {
  const m = /^(\d+)(x+)$/i.exec(code);
  if (!m) return undefined;
  const span = 10 ** (m[2] ?? '').length;
  const from = Number(m[1]) * span;
  return { from, to: from + span - 1 };
}

export interface TextTable {
  readonly offset: number;
  readonly headers: readonly string[];
  readonly rows: readonly { readonly offset: number; readonly cells: readonly string[] }[];
}

const RECOVERABLE: Readonly<Record<string, boolean | null>> = {
  是: true, 可恢复: true, yes: true, true: true, 否: false, 不可恢复: false, no: false, false: false,
  无: null, '-': null, 'n/a': null, '': null,
};

/**
 * One entry per row whose code cell is a code (other rows, such as a closing `其他` advice row, are
 * skipped). Text columns get their language from their content: mostly Chinese means zh.
 */
export function tableEntries(table: TextTable, problems: SeedProblem[]): SeedEntry[] {
  const roles = table.headers.map((h, i) => {
    const role = roleOfHeader(h);
    if (role === undefined) problems.push({ offset: table.offset, message: `column ${i + 1} header "${h}" is not a known column (code, name, message, cause, remedy, recoverable, status)` });
    return role;
  });
  const codeColumn = roles.indexOf('code');
  if (codeColumn < 0) {
    problems.push({ offset: table.offset, message: `the table has no code column (headers: ${table.headers.join(' | ')})` });
    return [];
  }
  const rows = table.rows.filter((r) => isCodeLike(r.cells[codeColumn]?.trim() ?? ''));
  const langs = roles.map((role, i) => (role === 'message' || role === 'cause' || role === 'remedy' ? columnLanguage(rows.map((r) => r.cells[i] ?? '')) : undefined));
  const seen = new Set<string>();
  roles.forEach((role, i) => {
    const key = `${role}.${langs[i] ?? ''}`;
    if (role !== undefined && seen.has(key)) problems.push({ offset: table.offset, message: `two columns hold ${role}${langs[i] ? ` in ${langs[i]}` : ''} (column ${i + 1} "${table.headers[i]}")` });
    seen.add(key);
  });

  const entries: SeedEntry[] = [];
  for (const row of rows) {
    if (row.cells.length !== table.headers.length) {
      problems.push({ offset: row.offset, message: `row has ${row.cells.length} cells but the header has ${table.headers.length}` });
      continue;
    }
    const code = (row.cells[codeColumn] ?? '').trim();
    const texts: Record<'message' | 'cause' | 'remedy', { en?: string; zh?: string }> = { message: {}, cause: {}, remedy: {} };
    let name: string | undefined;
    let httpStatus: number | undefined;
    let recoverable: boolean | undefined;
    row.cells.forEach((raw, i) => {
      const cell = raw.trim();
      const role = roles[i];
      const lang = langs[i];
      if (cell === '' || role === undefined || role === 'code') return;
      if (role === 'name') name = cell;
      else if (role === 'http_status') {
        if (/^[1-5]\d\d$/.test(cell)) httpStatus = Number(cell);
        else problems.push({ offset: row.offset, message: `code ${code}: status "${cell}" is not an HTTP status` });
      } else if (role === 'recoverable') {
        const flag = RECOVERABLE[cell.toLowerCase()];
        if (flag === undefined) problems.push({ offset: row.offset, message: `code ${code}: recoverable "${cell}" is not 是/否/无` });
        else if (flag !== null) recoverable = flag;
      } else if (lang !== undefined) texts[role][lang] = cell;
    });
    const range = rangeOf(code);
    entries.push({
      code,
      offset: row.offset,
      ...(name !== undefined ? { name } : {}),
      ...(range ? { range } : {}),
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      ...(recoverable !== undefined ? { recoverable } : {}),
      message: texts.message,
      ...(hasText(texts.cause) ? { cause: texts.cause } : {}),
      ...(hasText(texts.remedy) ? { remedy: texts.remedy } : {}),
    });
  }
  return entries;
}

function hasText(t: SeedText): boolean {
  return t.en !== undefined || t.zh !== undefined;
}

/** zh when at least half of the non-empty cells contain Chinese. */
function columnLanguage(cells: readonly string[]): Lang {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  const zh = filled.filter((c) => languageOf(c) === 'zh').length;
  return zh * 2 >= filled.length ? 'zh' : 'en';
}
