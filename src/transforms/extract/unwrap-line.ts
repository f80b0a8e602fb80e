// Peels what transports and terminals wrap around a log line, so rules see the application's own text:
// CRLF, `grep -n` prefixes, Docker json-file records, ANSI colours (also with the ESC byte lost) and
// Chinese full-width punctuation. Each step first checks a character or two and costs nothing when absent.

const CR = 13;
const OPEN_BRACE = 123;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** `123:` or `path/file.log:123:` as `grep -n`/`grep -Hn` print them. */
const GREP_PREFIX = /^(?:([^\s:]+):)?(\d+):/;
const ALL_DIGITS = /^\d+$/;
/** A line that starts with a clock time or an ISO date-time, where `N:` is part of the time, not grep's. */
const STARTS_WITH_TIME = /^(?:\d{1,2}:\d\d:\d\d|\d{4}-\d\d-\d\dT\d)/;
/** SGR/erase sequences with their ESC, or without it when a pipeline dropped the byte (`[0;31m`). */
const ANSI = /\u001b\[[0-9;]*[A-Za-z]|\[(?:\d{1,3};)*\d{1,3}m/g;
const ANSI_HINT = /\u001b|\[\d{1,3}(?:;\d{1,3})*m/;
const FULL_WIDTH = /[：，［］（）]/g;
const FULL_WIDTH_HINT = /[：，［］（）]/;
const FULL_WIDTH_MAP: Readonly<Record<string, string>> = { '：': ':', '，': ',', '［': '[', '］': ']', '（': '(', '）': ')' };

/** The application's text inside `text`. Never throws; text it cannot unwrap is returned as it is. */
export function unwrapLine(text: string): string {
  let t = text;
  if (t.charCodeAt(t.length - 1) === CR) t = t.slice(0, -1);
  t = stripGrepPrefix(t);
  if (t.charCodeAt(0) === OPEN_BRACE && t.includes('"log"')) t = unwrapDockerJson(t);
  if (ANSI_HINT.test(t)) t = t.replace(ANSI, '');
  if (FULL_WIDTH_HINT.test(t)) t = t.replace(FULL_WIDTH, (c) => FULL_WIDTH_MAP[c] ?? c);
  return t;
}

function stripGrepPrefix(t: string): string {
  const first = t.charCodeAt(0);
  if (first === OPEN_BRACE || first === 91 /* [ */ || first === 40 /* ( */ || first === 32) return t;
  const m = GREP_PREFIX.exec(t);
  if (m === null || STARTS_WITH_TIME.test(t)) return t;
  const file = m[1];
  // `path/to/file.log:12:` — a file name has a dot or a slash; `errCode:1001:` is text, not a grep prefix.
  if (file !== undefined && (file.includes('.') || file.includes('/')) && !ALL_DIGITS.test(file)) return t.slice(m[0].length);
  // `12:rest`, or `12:34:rest` read as line 12 of something that starts with `34:`: strip only `12:`.
  if (first < DIGIT_0 || first > DIGIT_9) return t;
  const colon = t.indexOf(':');
  return ALL_DIGITS.test(t.slice(0, colon)) ? t.slice(colon + 1) : t;
}

/** `{"log":"text\n","stream":"stdout","time":"..."}` -> `text`; a cut-off record still yields its log text. */
function unwrapDockerJson(t: string): string {
  try {
    const record: unknown = JSON.parse(t);
    if (typeof record === 'object' && record !== null && 'log' in record && typeof record.log === 'string') {
      return trimNewline(record.log);
    }
    return t;
  } catch {
    return partialLogField(t);
  }
}

/** The `log` string of a record that does not parse (cut at the line cap): decoded up to where it ends. */
function partialLogField(t: string): string {
  const start = t.indexOf('"log":"');
  if (start < 0) return t;
  let i = start + 7;
  while (i < t.length && t[i] !== '"') i += t[i] === '\\' ? 2 : 1;
  let body = t.slice(start + 7, Math.min(i, t.length));
  if (body.endsWith('\\')) body = body.slice(0, -1);
  try {
    return trimNewline(JSON.parse(`"${body}"`) as string);
  } catch {
    return body;
  }
}

function trimNewline(s: string): string {
  if (s.endsWith('\r\n')) return s.slice(0, -2);
  if (s.endsWith('\n') || s.endsWith('\r')) return s.slice(0, -1);
  return s;
}
