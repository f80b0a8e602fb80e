// Reads a seed that is nothing but a markdown pipe table (speech-sdk style: `code | description`).
import { readPipeTable } from './read-pipe-table.js';
import { SeedParseError } from './seed-entry.js';
import type { SeedEntry, SeedParser, SeedProblem } from './seed-entry.js';
import { tableEntries } from './table-entries.js';

export function parsePipeTable(text: string): SeedEntry[] {
  const problems: SeedProblem[] = [];
  const table = readPipeTable(text, false, problems);
  const entries = table ? tableEntries(table, problems) : [];
  if (problems.length > 0) throw new SeedParseError(problems);
  return entries;
}

export const pipeTableParser: SeedParser = {
  format: 'pipe-table',
  provides: ['name', 'range', 'http_status', 'recoverable', 'message.en', 'message.zh', 'cause.en', 'cause.zh', 'remedy.en', 'remedy.zh'],
  parse: parsePipeTable,
};
