// Turns an HTML fragment from a vendor page into plain readable text: tags stripped, entities decoded,
// whitespace collapsed, and every paragraph and list item kept as its own sentence.
import { languageOf } from './seed-entry.js';

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'tr', 'td', 'th', 'table',
  'thead', 'tbody', 'section', 'pre', 'blockquote', 'dl', 'dt', 'dd', 'hr',
]);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ldquo: '\u201c', rdquo: '\u201d',
  lsquo: '\u2018', rsquo: '\u2019', mdash: '\u2014', ndash: '\u2013', hellip: '\u2026', middot: '\u00b7',
  times: '\u00d7', copy: '\u00a9', reg: '\u00ae', trade: '\u2122', ensp: ' ', emsp: ' ', thinsp: ' ',
};

/** Decodes named (the common ones), decimal and hex character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

interface Block {
  readonly text: string;
  readonly item: boolean;
}

// A tag, or a comment; attribute values may contain '>' inside quotes.
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)\/?>/g;

/** The paragraphs and list items of `html` as plain text, in order; list items end with a full stop. */
export function htmlToBlocks(html: string): string[] {
  const cleaned = html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');
  const blocks: Block[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  const links: (string | undefined)[] = [];
  let buffer = '';
  let inItem = false;
  const flush = (): void => {
    const text = decodeEntities(buffer.replaceAll('\u0000', '')).replace(/\s+/g, ' ').trim();
    if (text !== '') blocks.push({ text, item: inItem });
    buffer = '';
    inItem = false;
  };
  let last = 0;
  for (const m of cleaned.matchAll(TAG)) {
    buffer += cleaned.slice(last, m.index);
    last = m.index + m[0].length;
    const tag = (m[2] ?? '').toLowerCase();
    if (tag === '') continue; // a comment
    const closing = m[1] === '/';
    if (tag === 'a') {
      if (!closing) {
        const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(m[3] ?? '');
        const url = href ? (href[1] ?? href[2] ?? '') : '';
        links.push(/^https?:\/\//i.test(url) ? url : undefined);
        buffer += '\u0000'; // marks where the link text starts
      } else if (links.length > 0) {
        const url = links.pop();
        const start = buffer.lastIndexOf('\u0000');
        if (start < 0) continue; // the link's text was split by a block; keep the text, drop the address
        const label = buffer.slice(start + 1).trim();
        buffer = buffer.slice(0, start) + buffer.slice(start + 1);
        if (url !== undefined && label !== url) buffer += label === '' ? url : ` (${url})`;
      }
      continue;
    }
    if (!BLOCK_TAGS.has(tag)) continue;
    flush();
    if (tag === 'ol' || tag === 'ul') {
      if (closing) lists.pop();
      else lists.push({ ordered: tag === 'ol', n: 0 });
    } else if (tag === 'li' && !closing) {
      const list = lists[lists.length - 1];
      inItem = true;
      if (list?.ordered) buffer = `${++list.n}. `;
    }
  }
  buffer += cleaned.slice(last);
  flush();
  return blocks.map((b) => (b.item ? endSentence(b.text) : b.text));
}

/** `html` as one line of readable text. */
export function htmlToText(html: string): string {
  return joinSentences(htmlToBlocks(html));
}

/** Joins sentences: Chinese after Chinese punctuation needs no space, everything else gets one. */
export function joinSentences(sentences: readonly string[]): string {
  let out = '';
  for (const s of sentences) {
    if (s === '') continue;
    if (out === '') out = s;
    else out += /[。！？；：，、）」』]$/.test(out) && /^\p{Script=Han}/u.test(s) ? s : ` ${s}`;
  }
  return out;
}

function endSentence(text: string): string {
  if (/[。！？；：.!?;:]$/.test(text)) return text;
  return text + (languageOf(text) === 'zh' ? '。' : '.');
}
