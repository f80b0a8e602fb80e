// Reads the first HTML <table> at or after an offset into header texts and body rows of cell HTML,
// keeping offsets so problems can point into the seed. Vendor tables are never nested, so no DOM is needed.
import { htmlToText } from './html-to-text.js';

export interface HtmlTableRow {
  readonly offset: number;
  /** Each cell's inner HTML, in column order. */
  readonly cells: readonly string[];
}

export interface HtmlTable {
  readonly offset: number;
  /** The header cells as plain text. */
  readonly headers: readonly string[];
  readonly rows: readonly HtmlTableRow[];
}

/** The first table at or after `from`, or undefined when there is none. */
export function readHtmlTable(html: string, from = 0): HtmlTable | undefined {
  const open = /<table\b/gi;
  open.lastIndex = from;
  const start = open.exec(html);
  if (!start) return undefined;
  const end = html.indexOf('</table>', start.index);
  const tableEnd = end < 0 ? html.length : end;
  const body = html.slice(start.index, tableEnd);
  let headers: string[] = [];
  const rows: HtmlTableRow[] = [];
  for (const tr of body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)) {
    const inner = tr[1] ?? '';
    const cells = [...inner.matchAll(/<(td|th)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi)];
    if (cells.length === 0) continue;
    if (cells.every((c) => (c[1] ?? '').toLowerCase() === 'th')) {
      if (headers.length === 0) headers = cells.map((c) => htmlToText(c[2] ?? ''));
      continue;
    }
    rows.push({ offset: start.index + tr.index, cells: cells.map((c) => c[2] ?? '') });
  }
  return { offset: start.index, headers, rows };
}

/** The element starting at `start` (which must be an opening `<tag`), through its matching close tag, nesting counted. */
export function elementAt(html: string, start: number, tag: string): string {
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] === '/' ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index + m[0].length);
  }
  return html.slice(start);
}
