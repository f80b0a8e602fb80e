// Word-wraps text to a number of terminal columns (CJK characters count two, see display-width.ts), so a
// table cell keeps all of its text on narrow terminals instead of being cut. Words longer than the width,
// and Chinese text without spaces, are broken between characters.
import { displayWidth } from './display-width.js';

export function wrapToWidth(text: string, width: number): string[] {
  if (width < 1) throw new RangeError(`wrapToWidth needs a width of at least 1, got ${width}`);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const w = displayWidth(word);
      if (used > 0 && used + 1 + w <= width) {
        line += ` ${word}`;
        used += 1 + w;
        continue;
      }
      // A word that must be broken anyway (long tokens, Chinese sentences) starts on this line if it has room.
      if (used > 0 && w > width && used + 2 < width) {
        line += ' ';
        used += 1;
      } else {
        if (used > 0) lines.push(line);
        line = '';
        used = 0;
      }
      for (const ch of word) {
        const cw = displayWidth(ch);
        if (used + cw > width && used > 0) {
          lines.push(line);
          line = '';
          used = 0;
        }
        line += ch;
        used += cw;
      }
    }
    lines.push(line);
  }
  return lines;
}
