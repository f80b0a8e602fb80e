// Reads a seed of prose followed by a pipe table (huawei-cloud style: `status | code | en | zh | remedy |`).
// Rows whose code cell is not a code (the closing `其他` advice row) are not entries and are skipped.
import { readPipeTable } from './read-pipe-table.js';
import { SeedParseError } from './seed-entry.js';
import type { SeedEntry, SeedParser, SeedProblem } from './seed-entry.js';
import { tableEntries } from './table-entries.js';

export function parseTextPipeTable(text: string): SeedEntry[] {
  const problems: SeedProblem[] = [];
  const table = readPipeTable(text, true, problems);
  const entries = table ? tableEntries(table, problems) : [];
  if (problems.length > 0) throw new SeedParseError(problems);
  return entries;
}

export const textPipeTableParser: SeedParser = {
  format: 'text-pipe-table',
  provides: ['name', 'range', 'http_status', 'recoverable', 'message.en', 'message.zh', 'cause.en', 'cause.zh', 'remedy.en', 'remedy.zh'],
  parse: parseTextPipeTable,
};
