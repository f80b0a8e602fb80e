// Property tests of the one line splitter (scan, stdin and the tailer): random bytes with invalid UTF-8,
// NULs, CRs and giant lines, cut into chunks at random and at every byte offset. Against an independent
// model: same lines whatever the chunking, none lost or duplicated, never throws, held bytes bounded by the
// cap, and the consumed offset (fed - heldBytes) exact, so a checkpoint taken after any push resumes to the
// very same lines.
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralSearch } from '../../src/rules/literal-search.js';
import { OffsetLineSplitter } from '../../src/sources/files/offset-line-splitter.js';
import { fuzzSettings, fuzzTimeout } from './fuzz-settings.js';

interface Line {
  readonly text: string;
  readonly truncated: boolean;
  readonly invalid: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/** Bytes that matter to a splitter, mixed with runs and anything else. */
const interestingByte = fc.constantFrom(LF, CR, 0x00, 0x61, 0x20, 0xff, 0xfe, 0xc0, 0x80, 0xbf, 0xe9, 0xe4, 0xb8, 0xad, 0xf0, 0x9f, 0x98, 0x80);
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a)) },
  { weight: 4, arbitrary: fc.array(interestingByte, { maxLength: 12 }).map((a) => Buffer.from(a)) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).map((s) => Buffer.from(s, 'utf8')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0x61, 0xe9, CR, 0x80), fc.integer({ min: 1, max: 200 })).map(([b, n]) => Buffer.alloc(n, b)) },
);
const input = fc.array(piece, { maxLength: 30 }).map((ps) => Buffer.concat(ps));
/** Mostly valid UTF-8 (a chunk with invalid bytes is never searched), the search literals' characters often. */
const mostlyValid = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('\n', '\r\n', 'a', 'aa', ' a', 'é', 'ÿ', '错', '😀', 'xyz').map((t) => Buffer.from(t, 'utf8')) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).map((t) => Buffer.from(t, 'utf8')) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((n) => Buffer.alloc(n, 'b')) },
      { weight: 1, arbitrary: piece },
    ),
    { maxLength: 60 },
  )
  .map((ps) => Buffer.concat(ps));
const cap = fc.integer({ min: 4, max: 40 });
/** Chunk sizes, used in turn until the input is fed. */
const cuts = fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 });

function chunksOf(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 0, i = 0; pos < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    out.push(bytes.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

interface Fed {
  lines: Line[];
  /** Lines delivered, as push() and flushPartial() counted them. */
  counted: number;
  splitter: OffsetLineSplitter;
}

function feed(chunks: readonly Buffer[], maxBytes: number, onPush?: (s: OffsetLineSplitter, fed: number) => void): Fed {
  const lines: Line[] = [];
  const splitter = new OffsetLineSplitter(maxBytes, (text, truncated, invalid) => lines.push({ text, truncated, invalid }));
  let counted = 0;
  let fed = 0;
  for (const c of chunks) {
    // The tailer reuses its read buffer: hand the splitter a copy and scribble over it afterwards.
    const copy = Buffer.from(c);
    counted += splitter.push(copy);
    copy.fill(0x5a);
    fed += c.length;
    onPush?.(splitter, fed);
  }
  return { lines, counted, splitter };
}

/** The model: split on LF; drop one CR before it; cut at the cap; an unterminated tail over cap + 1 is cut at once. */
function model(bytes: Buffer, maxBytes: number): { lines: { bytes: Buffer; truncated: boolean }[]; held: number; skipping: boolean } {
  const lines: { bytes: Buffer; truncated: boolean }[] = [];
  let pos = 0;
  for (let nl = bytes.indexOf(LF); nl !== -1; nl = bytes.indexOf(LF, pos)) {
    let seg = bytes.subarray(pos, nl);
    if (seg.length > 0 && seg[seg.length - 1] === CR) seg = seg.subarray(0, -1);
    lines.push({ bytes: seg, truncated: seg.length > maxBytes });
    pos = nl + 1;
  }
  const tail = bytes.subarray(pos);
  if (tail.length > maxBytes + 1) return { lines: [...lines, { bytes: tail, truncated: true }], held: 0, skipping: true };
  return { lines, held: tail.length, skipping: false };
}

/** Checks one delivered line against the model's bytes for it. */
function expectLine(got: Line, want: { bytes: Buffer; truncated: boolean }, maxBytes: number): void {
  expect(got.truncated).toBe(want.truncated);
  if (!want.truncated) {
    expect(got.text).toBe(want.bytes.toString('utf8'));
    expect(got.invalid).toBe(!isUtf8(want.bytes));
    return;
  }
  // Cut at most 3 bytes before the cap (never inside a character), and exactly at the last character
  // boundary when the bytes around the cap are valid UTF-8.
  const ends = [maxBytes, maxBytes - 1, maxBytes - 2, maxBytes - 3].filter((k) => want.bytes.subarray(0, k).toString('utf8') === got.text);
  expect(ends.length).toBeGreaterThan(0);
  const window = want.bytes.subarray(0, Math.min(want.bytes.length, maxBytes + 3));
  if (isUtf8(window)) {
    let boundary = maxBytes;
    while ((window[boundary] & 0xc0) === 0x80) boundary--;
    expect(got.text).toBe(window.subarray(0, boundary).toString('utf8'));
    expect(got.invalid).toBe(false);
  }
}

describe('OffsetLineSplitter properties', () => {
  it(
    'delivers the model lines whatever the chunking, with exact counts and held bytes',
    () => {
      fc.assert(
        fc.property(input, cap, cuts, (bytes, maxBytes, sizes) => {
          const want = model(bytes, maxBytes);
          const got = feed(chunksOf(bytes, sizes), maxBytes);
          expect(got.lines).toHaveLength(want.lines.length);
          got.lines.forEach((l, i) => expectLine(l, want.lines[i], maxBytes));
          expect(got.counted).toBe(want.lines.length);
          expect([got.splitter.heldBytes, got.splitter.skippingLongLine]).toEqual([want.held, want.skipping]);
          // The end of the input ends an unfinished line: it is delivered like a terminated one.
          expect(got.splitter.flushPartial()).toBe(want.held > 0 ? 1 : 0);
          if (want.held > 0) expectLine(got.lines[got.lines.length - 1], model(Buffer.concat([bytes.subarray(bytes.length - want.held), Buffer.from([LF])]), maxBytes).lines[0], maxBytes);
        }),
        fuzzSettings(0x5eed0001, 5000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'with a byte search: every line at its number, a line skipped only when whole, valid UTF-8, under the cap and without the literals; anchored only if it holds the anchor literal',
    () => {
      const someLiteral = fc.constantFrom('xy', 'aa', 'a a', 'é', 'ÿ', '错', '😀', 'a\r');
      fc.assert(
        fc.property(mostlyValid, cap, cuts, someLiteral, someLiteral, fc.boolean(), (bytes, maxBytes, sizes, literal, marker, refuse) => {
          const want = model(bytes, maxBytes);
          // LiteralSearch takes literals of 2 or more bytes (every rule anchor has 3 or more characters). The second
          // keeps lines from being skipped without anchoring them (as readLines's CRI markers do).
          const literals = LiteralSearch.ofUtf8([literal, marker]);
          const got: (Line | 'skipped')[] = [];
          // A joiner downstream refusing every third skip: those lines are delivered, the rest unchanged.
          let asked = 0;
          const onSkipped = (n: number): void => {
            for (let i = 0; i < n; i++) got.push('skipped');
          };
          const splitter = new OffsetLineSplitter(
            maxBytes,
            (text, truncated, invalid, anchored) => {
              got.push({ text, truncated, invalid });
              // Anchored is a promise to the consumer: the line as delivered holds the anchor literal.
              if (anchored) {
                expect([truncated, invalid, text.includes(literal)]).toEqual([false, false, true]);
              }
            },
            { literals, anchorLiterals: 1, onSkipped, maySkip: refuse ? () => asked++ % 3 !== 0 : undefined },
          );
          let counted = 0;
          let fed = 0;
          for (const c of chunksOf(bytes, sizes)) {
            const copy = Buffer.from(c);
            counted += splitter.push(copy);
            copy.fill(0x5a);
            fed += c.length;
            // Checkpoints stay exact: everything up to the last LF fed is consumed, skipped lines included.
            if (!splitter.skippingLongLine) expect(fed - splitter.heldBytes).toBe(bytes.subarray(0, fed).lastIndexOf(LF) + 1);
          }
          expect([got.length, counted]).toEqual([want.lines.length, want.lines.length]);
          if (refuse) expect(got.filter((l) => l === 'skipped')).toHaveLength(asked - Math.ceil(asked / 3));
          got.forEach((line, i) => {
            const w = want.lines[i];
            if (line !== 'skipped') return expectLine(line, w, maxBytes);
            expect([w.truncated, isUtf8(w.bytes), w.bytes.toString('utf8').includes(literal), w.bytes.toString('utf8').includes(marker)]).toEqual([false, true, false, false]);
          });
          if (refuse || !isUtf8(bytes)) return;
          // Fed in one chunk, every whole line whose text holds the anchor literal before any marker is anchored.
          let anchoredWhole = 0;
          // (Lines shorter than the cap: at the cap, a line's '\r' decides whether it was searched.)
          new OffsetLineSplitter(maxBytes, (t, _c, _i, anchored) => (anchoredWhole += anchored && Buffer.byteLength(t) < maxBytes ? 1 : 0), { literals, anchorLiterals: 1, onSkipped: () => undefined }).push(bytes);
          const firstAt = (text: string, l: string): number => (text.indexOf(l) === -1 ? Infinity : Buffer.byteLength(text.slice(0, text.indexOf(l))));
          const holding = want.lines.filter((w) => {
            const text = w.bytes.toString('utf8');
            return w.bytes.length < maxBytes && text.includes(literal) && firstAt(text, literal) <= firstAt(text, marker);
          });
          expect(anchoredWhole).toBe(holding.length);
          expect([splitter.heldBytes, splitter.skippingLongLine]).toEqual([want.held, want.skipping]);
        }),
        fuzzSettings(0x5eed0005, 5000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'gives the same lines when the input is cut in two at every byte offset',
    () => {
      fc.assert(
        fc.property(input, cap, (bytes, maxBytes) => {
          const whole = feed([bytes], maxBytes);
          whole.splitter.flushPartial();
          for (let at = 0; at <= bytes.length; at++) {
            const two = feed([bytes.subarray(0, at), bytes.subarray(at)], maxBytes);
            two.splitter.flushPartial();
            expect(two.lines).toEqual(whole.lines);
          }
        }),
        fuzzSettings(0x5eed0002, 500),
      );
    },
    fuzzTimeout(),
  );

  it(
    'after every push: held bytes within cap + 1, and fed - held is the offset just after the last consumed line',
    () => {
      fc.assert(
        fc.property(input, cap, cuts, (bytes, maxBytes, sizes) => {
          feed(chunksOf(bytes, sizes), maxBytes, (s, fed) => {
            expect(s.heldBytes).toBeLessThanOrEqual(maxBytes + 1);
            const consumed = fed - s.heldBytes;
            if (s.skippingLongLine) expect(s.heldBytes).toBe(0);
            else expect(consumed).toBe(bytes.subarray(0, fed).lastIndexOf(LF) + 1);
          });
        }),
        fuzzSettings(0x5eed0003, 5000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'resumes from a checkpoint taken after any push (offset fed - held, skipping state) to exactly the remaining lines',
    () => {
      fc.assert(
        fc.property(input, cap, cuts, fc.nat(), (bytes, maxBytes, sizes, pick) => {
          const chunks = chunksOf(bytes, sizes);
          const all = feed(chunks, maxBytes);
          all.splitter.flushPartial();
          // Stop after push number `stop`, remember what a checkpoint would hold, and start over from there.
          const stop = chunks.length === 0 ? 0 : pick % chunks.length;
          const before = feed(chunks.slice(0, stop), maxBytes);
          const offset = chunks.slice(0, stop).reduce((n, c) => n + c.length, 0) - before.splitter.heldBytes;
          const after: Line[] = [];
          const resumed = new OffsetLineSplitter(maxBytes, (text, truncated, invalid) => after.push({ text, truncated, invalid }));
          resumed.resumeSkipping(before.splitter.skippingLongLine);
          resumed.push(bytes.subarray(offset));
          resumed.flushPartial();
          expect([...before.lines, ...after]).toEqual(all.lines);
        }),
        fuzzSettings(0x5eed0004, 5000),
      );
    },
    fuzzTimeout(),
  );

  it(
    'a giant line in random chunks is one cut line, never holding more than cap + 1 bytes, and the next line is whole',
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 70_000, max: 1_500_000 }), fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 1, maxLength: 6 }), fc.boolean(), (length, sizes, crlf) => {
          const maxBytes = 64 * 1024;
          const bytes = Buffer.concat([Buffer.alloc(length, '错'), Buffer.from(crlf ? '\r\nnext\r\n' : '\nnext\n')]);
          let maxHeld = 0;
          const got = feed(chunksOf(bytes, sizes), maxBytes, (s) => (maxHeld = Math.max(maxHeld, s.heldBytes)));
          expect(maxHeld).toBeLessThanOrEqual(maxBytes + 1);
          expect(got.lines.map((l) => [Buffer.byteLength(l.text), l.truncated, l.invalid])).toEqual([
            // '错' is 3 bytes: the cut falls on the last whole character before the cap.
            [maxBytes - (maxBytes % 3), true, false],
            [4, false, false],
          ]);
        }),
        fuzzSettings(0x5eed0005, 40),
      );
    },
    fuzzTimeout(),
  );
});
