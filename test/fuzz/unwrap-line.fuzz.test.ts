// Property tests of unwrapLine on any text: it never throws and never grows a line, and each wrapper it
// removes is removed exactly: a line wrapped in a Docker json-file record, coloured with ANSI (with or
// without the ESC byte), prefixed by grep -n or written with full-width punctuation unwraps to what the
// plain line unwraps to. A record cut anywhere (the line cap) still yields a prefix of its log text.
// Not idempotent by design: one layer of each wrapper is removed (a record inside a record stays a record, and
// colour codes crafted inside colour codes, `\e[\e[0m31m`, leave one; every sink escapes ESC anyway).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrapLine } from '../../src/transforms/extract/unwrap-line.js';
import { fuzzSettings, fuzzTimeout } from './fuzz-settings.js';

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.constantFrom('{', '}', '"', '\\', 'l', 'o', 'g', ':', '[', ']', 'm', '0', '1', ';', '\u001b', '\r', '\n', '：', '（', ' ', 'u', 'n'), maxLength: 80 }),
  fc.constantFrom('{"log":"', '{"log":"\\', '{"log":"\\u00', '{"log":"a\\"', '{"log":1}', '{"log"', '12:34:56 x', '1:2:3:', 'a.log:1:2:'),
);

/**
 * A plain application line: starts with a word and a space (so no grep -n prefix, no JSON, no clock time),
 * no '[' or ESC (no colour codes of its own), no trailing CR, otherwise anything.
 */
const plainLine = fc
  .tuple(fc.constantFrom('x', 'ERROR', 'call', 'W/tag:'), fc.string({ unit: 'grapheme', maxLength: 80 }))
  .map(([head, rest]) => `${head} ${rest.replace(/[[\u001b\uFF3B]/g, '_').replace(/\r+$/, '')}`);

const SGR = fc.constantFrom('\u001b[0m', '\u001b[1;31m', '\u001b[33m', '\u001b[K', '[0m', '[0;31m', '[1;36m');

describe('unwrapLine properties', () => {
  it(
    'never throws and never makes a line longer',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          expect(unwrapLine(text).length).toBeLessThanOrEqual(text.length);
        }),
        fuzzSettings(0x5eed0101, 10000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'removes a Docker json-file record exactly',
    () => {
      fc.assert(
        fc.property(plainLine, fc.constantFrom('stdout', 'stderr'), fc.constantFrom('\n', '\r\n', ''), (line, stream, end) => {
          const record = JSON.stringify({ log: `${line}${end}`, stream, time: '2026-05-24T10:11:12.345678901Z' });
          expect(unwrapLine(record)).toBe(unwrapLine(line));
        }),
        fuzzSettings(0x5eed0102, 5000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'yields a prefix of the log text from a record cut anywhere after its "log" field starts',
    () => {
      const safe = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ':', '=', ',', '.', '-'), maxLength: 80 }).map((s) => `x ${s}`);
      fc.assert(
        fc.property(safe, fc.nat(), (line, cut) => {
          const record = JSON.stringify({ log: `${line}\n`, stream: 'stdout' });
          const start = '{"log":"'.length;
          const at = start + (cut % (record.length - start + 1));
          const got = unwrapLine(record.slice(0, at));
          expect(line.startsWith(got) || got === line).toBe(true);
        }),
        fuzzSettings(0x5eed0103, 5000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'removes ANSI colours inserted anywhere (not inside each other), with or without their ESC byte',
    () => {
      fc.assert(
        fc.property(plainLine, fc.array(fc.tuple(fc.nat(), SGR), { maxLength: 6 }), (line, inserts) => {
          // Positions in the plain line (after its first character); sequences are never nested in each other.
          const at = inserts.map(([n, sgr]) => [1 + (n % line.length), sgr] as const).sort((a, b) => a[0] - b[0]);
          let coloured = '';
          let from = 0;
          for (const [i, sgr] of at) {
            coloured += line.slice(from, i) + sgr;
            from = i;
          }
          coloured += line.slice(from);
          expect(unwrapLine(coloured)).toBe(unwrapLine(line));
        }),
        fuzzSettings(0x5eed0104, 5000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'removes a grep -n or grep -Hn prefix exactly',
    () => {
      fc.assert(
        fc.property(plainLine, fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom('', 'app.log:', '/var/log/npu/plog-1.log:', 'logs/a:'), (line, n, file) => {
          expect(unwrapLine(`${file}${n}:${line}`)).toBe(unwrapLine(line));
        }),
        fuzzSettings(0x5eed0105, 5000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'reads full-width punctuation as ASCII, and leaves none behind',
    () => {
      const FULL: Record<string, string> = { ':': '：', ',': '，', '[': '［', ']': '］', '(': '（', ')': '）' };
      const ascii = fc.string({ unit: fc.constantFrom('a', 'E', ' ', ':', ',', '[', ']', '(', ')', '错', '误'), maxLength: 60 }).map((s) => `x ${s}`);
      fc.assert(
        fc.property(ascii, fc.array(fc.boolean(), { maxLength: 60 }), (line, flips) => {
          let i = 0;
          const wide = line.replace(/[:,[\]()]/g, (c) => (flips[i++ % Math.max(flips.length, 1)] ? (FULL[c] ?? c) : c));
          const got = unwrapLine(wide);
          expect(got).toBe(unwrapLine(line));
          expect(got).not.toMatch(/[：，［］（）]/);
        }),
        fuzzSettings(0x5eed0106, 5000),
      );
    },
    fuzzTimeout(),
  );
});
