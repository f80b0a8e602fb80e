// Reads an HTML-table seed (aclnn style): one row per code with name, value and description columns.
// A `561xxx` value becomes a range entry; a note inside a cell that lists `<code>（<NAME>）：<text>`
// items yields one exact entry per item, and the note's remaining prose becomes that row's remedy.
import { elementAt, readHtmlTable } from './read-html-table.js';
import { htmlToBlocks, joinSentences } from './html-to-text.js';
import { languageOf, SeedParseError } from './seed-entry.js';
import type { SeedEntry, SeedParser, SeedProblem } from './seed-entry.js';
import { tableEntries } from './table-entries.js';

const SUB_CODE = /^(\d+)\s*[（(]\s*([A-Za-z][A-Za-z0-9_]*)\s*[)）]\s*[：:]\s*(.+)$/;

interface CellNote {
  readonly prose: string[];
  readonly subEntries: SeedEntry[];
}

export function parseHtmlTable(text: string): SeedEntry[] {
  const problems: SeedProblem[] = [];
  const table = readHtmlTable(text);
  if (!table) throw new SeedParseError([{ offset: 0, message: 'no <table> found' }]);
  const notes: CellNote[] = [];
  const rows = table.rows.map((row) => {
    const note: CellNote = { prose: [], subEntries: [] };
    const cells = row.cells.map((cell) => joinSentences(htmlToBlocks(withoutNotes(cell, row.offset, note))));
    notes.push(note);
    return { offset: row.offset, cells };
  });
  const entries = tableEntries({ offset: table.offset, headers: table.headers, rows }, problems);
  const byOffset = new Map(rows.map((r, i) => [r.offset, notes[i]] as const));
  const out: SeedEntry[] = [];
  for (const entry of entries) {
    const note = byOffset.get(entry.offset);
    if (!note || (note.prose.length === 0 && note.subEntries.length === 0)) {
      out.push(entry);
      continue;
    }
    const prose = joinSentences(note.prose);
    const lang = languageOf(prose);
    const remedy = prose === '' ? entry.remedy : { ...entry.remedy, [lang]: joinSentences([entry.remedy?.[lang] ?? '', prose]) };
    out.push({ ...entry, ...(remedy ? { remedy } : {}) }, ...note.subEntries);
  }
  if (problems.length > 0) throw new SeedParseError(problems);
  return out;
}

/** The cell without its note boxes; each note's named sub-codes and prose are collected into `note`. */
function withoutNotes(cell: string, offset: number, note: CellNote): string {
  let rest = cell;
  for (let at = noteStart(rest); at >= 0; at = noteStart(rest)) {
    const box = elementAt(rest, at, 'div');
    rest = rest.slice(0, at) + rest.slice(at + box.length);
    const body = box.replace(/<span\b[^>]*class="notetitle"[^>]*>[\s\S]*?<\/span>/gi, '');
    for (const sentence of htmlToBlocks(body)) {
      const m = SUB_CODE.exec(sentence);
      if (!m) {
        note.prose.push(sentence);
        continue;
      }
      const [, code = '', name = '', message = ''] = m;
      note.subEntries.push({ code, offset, name, message: { [languageOf(message)]: message } });
    }
  }
  return rest;
}

function noteStart(html: string): number {
  const m = /<div\b[^>]*class="[^"]*\bnote\b[^"]*"/i.exec(html);
  return m ? m.index : -1;
}

export const htmlTableParser: SeedParser = {
  format: 'html-table',
  provides: ['name', 'range', 'http_status', 'recoverable', 'message.en', 'message.zh', 'cause.en', 'cause.zh', 'remedy.en', 'remedy.zh'],
  parse: parseHtmlTable,
};
