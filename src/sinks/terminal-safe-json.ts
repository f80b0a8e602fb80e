// JSON for output people may read on a terminal: one value, one line, and no character a terminal acts on.
// JSON.stringify already escapes C0 controls (ESC, CR, LF, NUL); JSON allows DEL, the C1 controls (U+009B is
// CSI on some terminals) and U+2028/U+2029 raw, so they are escaped here too. The result is still plain JSON.

const UNSAFE = /[\u007f-\u009f\u2028\u2029]/g;
const HAS_UNSAFE = /[\u007f-\u009f\u2028\u2029]/;

export function terminalSafeJson(value: object): string {
  const json = JSON.stringify(value);
  return HAS_UNSAFE.test(json) ? json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
