// Property test of the anchor prefilter's promise, "maybe too often, never no wrongly", for the bundled rules:
// a rule runs only on a line whose unwrapped text holds one of its anchors (extract-matches.ts), so every raw
// line whose unwrapped text holds any anchor must pass the prefilter (text) and the byte search (scan). Lines
// are anchors amid any text, then wrapped as logs are: full-width punctuation, a Docker json-file record (escaped
// as Go's encoding/json does), ANSI colours around words, a grep -n prefix, CRLF.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { buildByteSearch, buildPrefilter } from '../../src/rules/anchor-prefilter.js';
import { unwrapLine } from '../../src/transforms/extract/unwrap-line.js';
import { fuzzSettings, fuzzTimeout } from './fuzz-settings.js';

const { rules } = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
const BUNDLED = [...new Set(rules.rules.flatMap((r) => r.anchors))].sort();
/** Anchors with every unstable character a deployment's rules may use (the bundled ones have no quotes or <>&). */
const SYNTHETIC = ['"error_code":"', '[PID', 'errno[', 'a<b>&c', 'C:\\tmp', 'x(y),z:', 'ret = ', 'abc\tdef:ghi', '"zyx":"wvu","tsr":"qpo"'];
const FULL_WIDTH: Record<string, string> = { ':': '：', ',': '，', '[': '［', ']': '］', '(': '（', ')': '）' };

/** What Go's encoding/json writes for a string: JSON.stringify plus \u003c \u003e \u0026 for <>& (and U+2028/9). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom(' ', ': ', '"', '[', ' 161002 ', '\\', '<', '&'));
const wrapped = (anchors: readonly string[]): fc.Arbitrary<string> => fc
  .tuple(fc.array(fc.oneof({ weight: 2, arbitrary: text }, { weight: 3, arbitrary: fc.constantFrom(...anchors) }), { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 0xffff }))
  .map(([ps, wide, docker, colour, grep, crlf, seed]) => {
    // Colours between the parts, never inside one (an ANSI sequence splitting an anchor is outside the promise).
    let raw = colour ? `\u001b[31m${ps.join('\u001b[0m')}[0m` : ps.join('');
    // Full-width forms for some of the punctuation (unwrapping turns them back).
    if (wide) raw = [...raw].map((ch, i) => (FULL_WIDTH[ch] !== undefined && (seed >> i % 16) & 1 ? FULL_WIDTH[ch] : ch)).join('');
    if (docker) raw = `{"log":${goJsonString(`${raw}\n`)},"stream":"stdout","time":"2026-05-24T10:11:12.123456789Z"}`;
    if (grep) raw = `app.log:${seed}:${raw}`;
    if (crlf) raw += '\r';
    return raw;
  });

describe('the anchor prefilter', () => {
  it.each([
    ['the bundled rules', BUNDLED, rules.prefilter, rules.bytePrefilter],
    ['anchors with quotes, brackets, <>&, backslashes and controls', SYNTHETIC, buildPrefilter(SYNTHETIC), buildByteSearch(SYNTHETIC)],
  ])(
    'of %s passes every raw line whose unwrapped text holds an anchor, as text and as bytes',
    (_, anchors, prefilter, bytes) => {
      let held = 0;
      fc.assert(
        fc.property(wrapped(anchors), (raw) => {
          const unwrapped = unwrapLine(raw);
          if (!anchors.some((a) => unwrapped.includes(a))) return;
          held++;
          expect(prefilter.test(raw)).toBe(true);
          const utf8 = Buffer.from(raw, 'utf8');
          expect(bytes.firstInBytes(utf8, 0, utf8.length)).not.toBe(-1);
        }),
        fuzzSettings(0x5eed1402, 3000),
      );
      // Most generated lines hold an anchor after unwrapping: the property is not vacuous.
      expect(held).toBeGreaterThan(1500);
    },
    fuzzTimeout(60_000),
  );
});
