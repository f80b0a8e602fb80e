// Reads a C++-header-plus-table seed (llm-datadist style): `constexpr Status NAME = 0x...U;` lines give
// each name its code as spelled in the header; the HTML table after them gives meaning, recoverable and remedy.
import { readHtmlTable } from './read-html-table.js';
import { htmlToText } from './html-to-text.js';
import { SeedParseError } from './seed-entry.js';
import type { SeedEntry, SeedParser, SeedProblem } from './seed-entry.js';
import { roleOfHeader, tableEntries } from './table-entries.js';

const CONSTANT = /\bconstexpr\s+[A-Za-z_][\w:]*\s+([A-Za-z_]\w*)\s*=\s*(0[xX][0-9A-Fa-f]+|-?\d+)[uUlL]*\s*;/g;

export function parseConstexprTable(text: string): SeedEntry[] {
  const problems: SeedProblem[] = [];
  const constants = new Map<string, { code: string; offset: number }>();
  let lastConstant = 0;
  for (const m of text.matchAll(CONSTANT)) {
    const [, name = '', literal = ''] = m;
    if (constants.has(name)) problems.push({ offset: m.index, message: `constant ${name} is defined twice` });
    constants.set(name, { code: literal.replace(/^0X/, '0x'), offset: m.index });
    lastConstant = m.index;
  }
  if (constants.size === 0) throw new SeedParseError([{ offset: 0, message: 'no `constexpr <Type> NAME = <value>;` constants found' }]);
  const table = readHtmlTable(text, lastConstant);
  if (!table) throw new SeedParseError([{ offset: lastConstant, message: 'no <table> after the constants' }]);

  const nameColumn = table.headers.findIndex((h) => roleOfHeader(h) === 'name');
  if (nameColumn < 0) throw new SeedParseError([{ offset: table.offset, message: `the table has no name column (headers: ${table.headers.join(' | ')})` }]);
  const described = new Set<string>();
  const rows = table.rows.map((row) => {
    const cells = row.cells.map(htmlToText);
    const name = cells[nameColumn] ?? '';
    const constant = constants.get(name);
    if (!constant) problems.push({ offset: row.offset, message: `table row ${name} has no constexpr constant` });
    if (described.has(name)) problems.push({ offset: row.offset, message: `table row ${name} appears twice` });
    described.add(name);
    return { offset: row.offset, cells: [constant?.code ?? '', ...cells] };
  });
  const byName = new Map(tableEntries({ offset: table.offset, headers: ['code', ...table.headers], rows }, problems).map((e) => [e.name ?? '', e] as const));
  const entries: SeedEntry[] = [];
  for (const [name, constant] of constants) {
    const entry = byName.get(name);
    if (entry) entries.push(entry);
    else problems.push({ offset: constant.offset, message: `constant ${name} has no row in the table` });
  }
  if (problems.length > 0) throw new SeedParseError(problems);
  return entries;
}

export const constexprTableParser: SeedParser = {
  format: 'constexpr-table',
  provides: ['name', 'recoverable', 'message.en', 'message.zh', 'cause.en', 'cause.zh', 'remedy.en', 'remedy.zh'],
  parse: parseConstexprTable,
};
