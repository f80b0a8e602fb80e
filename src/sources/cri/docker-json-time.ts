// The time of a Docker json-file record (`{"log":"...\n","stream":"stderr","time":"<RFC3339Nano>"}`), so its
// events carry the time the runtime stamped, as CRI records' do. The text itself is unwrapped later, by the
// extract stage (transforms/extract/unwrap-line.ts). Two character tests reject other lines; a record is
// never parsed as JSON here: Docker writes `time` last, and an unescaped `"time":"` cannot occur inside the
// `log` string (its quotes are escaped), so the last occurrence is the field.

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const TIME_KEY = '"time":"';
/** RFC3339 with optional fraction and a zone: Docker's time.RFC3339Nano, in UTC as it writes it. */
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)$/;

/** Epoch milliseconds of the record in `text`, or undefined when the line is not a whole json-file record. */
export function dockerJsonTime(text: string): number | undefined {
  if (text.charCodeAt(0) !== OPEN_BRACE || !text.startsWith('{"log":"')) return undefined;
  let end = text.length - 1;
  while (end > 0 && (text.charCodeAt(end) === 13 || text.charCodeAt(end) === 32)) end--;
  if (text.charCodeAt(end) !== CLOSE_BRACE) return undefined;
  const at = text.lastIndexOf(TIME_KEY);
  if (at < 0) return undefined;
  const start = at + TIME_KEY.length;
  const close = text.indexOf('"', start);
  if (close < 0 || close - start > 40) return undefined;
  const value = text.slice(start, close);
  if (!RFC3339.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
