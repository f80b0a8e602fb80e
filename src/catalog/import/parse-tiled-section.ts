// Reads a HarmonyOS reference page (core-vision style): one `tiledSection` per code, an h2 of
// "<code> <short title>", then bold-labelled paragraphs (错误信息, 错误描述, 可能原因, 处理步骤).
import { elementAt } from './read-html-table.js';
import { htmlToBlocks, htmlToText, joinSentences } from './html-to-text.js';
import { languageOf, SeedParseError } from './seed-entry.js';
import type { SeedEntry, SeedParser, SeedProblem, SeedText } from './seed-entry.js';
import { isCodeLike, rangeOf, roleOfHeader } from './table-entries.js';

type TextRole = 'message' | 'cause' | 'remedy';

export function parseTiledSection(text: string): SeedEntry[] {
  const problems: SeedProblem[] = [];
  const entries: SeedEntry[] = [];
  for (const m of text.matchAll(/<div\b[^>]*class="[^"]*\btiledSection\b[^"]*"[^>]*>/gi)) {
    const section = elementAt(text, m.index, 'div');
    const entry = readSection(section, m.index, problems);
    if (entry) entries.push(entry);
  }
  if (entries.length === 0 && problems.length === 0) problems.push({ offset: 0, message: 'no tiledSection blocks found' });
  if (problems.length > 0) throw new SeedParseError(problems);
  return entries;
}

function readSection(section: string, offset: number, problems: SeedProblem[]): SeedEntry | undefined {
  const h2 = /<h2\b[^>]*>([\s\S]*?)<\/h2>/i.exec(section);
  if (!h2) {
    problems.push({ offset, message: 'tiledSection without an <h2> heading' });
    return undefined;
  }
  const heading = /^(\S+)\s*(.*)$/.exec(htmlToText(h2[1] ?? ''));
  const code = heading?.[1] ?? '';
  if (!isCodeLike(code)) {
    problems.push({ offset, message: `heading "${htmlToText(h2[1] ?? '')}" does not start with a code` });
    return undefined;
  }
  const title = heading?.[2] ?? '';
  const texts: Record<TextRole, Record<string, string[]>> = { message: {}, cause: {}, remedy: {} };
  let current: TextRole | undefined;
  const rest = section.slice(h2.index + h2[0].length);
  let consumed = 0; // a paragraph inside a list item belongs to the list already read
  for (const block of rest.matchAll(/<(p|ul|ol)\b[^>]*>[\s\S]*?<\/\1>/gi)) {
    if (block.index < consumed) continue;
    const html = block[1]?.toLowerCase() === 'p' ? block[0] : elementAt(rest, block.index, block[1] ?? '');
    consumed = block.index + html.length;
    const label = /^<p\b[^>]*>\s*<(strong|b)>([\s\S]*?)<\/\1>\s*<\/p>$/i.exec(html);
    if (label) {
      const name = htmlToText(label[2] ?? '');
      const role = roleOfHeader(name);
      if (role === 'message' || role === 'cause' || role === 'remedy') current = role;
      else {
        problems.push({ offset: offset + h2.index, message: `code ${code}: unknown section label "${name}"` });
        current = undefined;
      }
      continue;
    }
    if (current === undefined) continue;
    for (const sentence of htmlToBlocks(html)) (texts[current][languageOf(sentence)] ??= []).push(sentence);
  }
  const range = rangeOf(code);
  const cause = seedText(texts.cause);
  const remedy = seedText(texts.remedy);
  return {
    code,
    offset,
    ...(title !== '' ? { title: { [languageOf(title)]: title } } : {}),
    ...(range ? { range } : {}),
    message: seedText(texts.message),
    ...(cause.en !== undefined || cause.zh !== undefined ? { cause } : {}),
    ...(remedy.en !== undefined || remedy.zh !== undefined ? { remedy } : {}),
  };
}

function seedText(byLang: Record<string, string[]>): SeedText {
  const out: { en?: string; zh?: string } = {};
  if (byLang.en) out.en = joinSentences(byLang.en);
  if (byLang.zh) out.zh = joinSentences(byLang.zh);
  return out;
}

export const tiledSectionParser: SeedParser = {
  format: 'tiled-section',
  provides: ['title.zh', 'title.en', 'range', 'message.en', 'message.zh', 'cause.en', 'cause.zh', 'remedy.en', 'remedy.zh'],
  parse: parseTiledSection,
};
