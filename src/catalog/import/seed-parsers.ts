// The parser for each seed format, and a best guess at a page's format for drafting a new overlay.
import { constexprTableParser } from './parse-constexpr-table.js';
import { htmlTableParser } from './parse-html-table.js';
import { pipeTableParser } from './parse-pipe-table.js';
import { textPipeTableParser } from './parse-text-pipe-table.js';
import { tiledSectionParser } from './parse-tiled-section.js';
import type { SeedFormat, SeedParser } from './seed-entry.js';

export const SEED_PARSERS: Readonly<Record<SeedFormat, SeedParser>> = {
  'html-table': htmlTableParser,
  'tiled-section': tiledSectionParser,
  'constexpr-table': constexprTableParser,
  'pipe-table': pipeTableParser,
  'text-pipe-table': textPipeTableParser,
};

/** The format a page looks like, from markers each format has; undefined when none fits. */
export function detectSeedFormat(text: string): SeedFormat | undefined {
  if (/\bconstexpr\s+\w+\s+\w+\s*=/.test(text) && /<table\b/i.test(text)) return 'constexpr-table';
  if (/class="[^"]*\btiledSection\b/i.test(text)) return 'tiled-section';
  if (/<table\b/i.test(text)) return 'html-table';
  const firstLine = text.split('\n').find((l) => l.trim() !== '') ?? '';
  if (/\|/.test(firstLine)) return 'pipe-table';
  if (/^[^\n]*\|[^\n]*\n\s*\|?\s*:?-{2,}/m.test(text)) return 'text-pipe-table';
  return undefined;
}
