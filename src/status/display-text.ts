// Makes log text safe to show to a person: at most `maxChars` UTF-16 units (never ending inside a
// surrogate pair), control characters shown as their Unicode control pictures, and bidi overrides and
// lone surrogates replaced, so a line can neither hide text nor reorder what the reader sees.
// (Markup needs no escaping here: the page renders text with textContent only.)

export interface DisplayText {
  readonly text: string;
  /** True when the text was cut to `maxChars`. */
  readonly truncated: boolean;
}

// C0 controls except tab, DEL, C1 controls, bidi embeddings/overrides/isolates and marks, lone surrogates.
const UNSAFE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One visible stand-in per unsafe character: ␀..␟ for C0, ␡ for DEL, U+FFFD for the rest. */
function standIn(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  if (c === 0x7f) return '\u2421';
  return '\uFFFD';
}

export function displayText(text: string, maxChars: number): DisplayText {
  if (!(maxChars >= 1)) throw new Error(`displayText: maxChars must be at least 1, not ${maxChars}`);
  let cut = text;
  const truncated = text.length > maxChars;
  if (truncated) {
    const last = text.charCodeAt(maxChars - 1);
    cut = text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars);
  }
  return { text: cut.replace(UNSAFE, standIn), truncated };
}
