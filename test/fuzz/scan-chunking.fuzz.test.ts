// Property test of scan's readers end to end (readInputs -> toCodeEvents -> the JSON report): the same
// file, read in chunks of any size, gunzipped in chunks of any size, or fed through stdin cut anywhere,
// gives the same JSON report and the same counts of lines, bytes, truncated and invalid UTF-8 lines; and so does
// searching the buffer for the rules' byte prefilter (lines without a hit counted, never decoded), line numbers included.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { lastValueFrom, tap } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { toCodeEvents } from '../../src/pipeline/code-event-pipeline.js';
import { CodeReport } from '../../src/sinks/report/code-report.js';
import { formatJsonReport } from '../../src/sinks/report/format-json.js';
import { ScanStats } from '../../src/sinks/report/scan-stats.js';
import type { LiteralSearch } from '../../src/rules/literal-search.js';
import type { ScanInput } from '../../src/sources/read-files/expand-inputs.js';
import { readInputs } from '../../src/sources/read-files/read-inputs.js';
import { UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import { fuzzSettings, fuzzTimeout } from './fuzz-settings.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
const MAX_LINE = 64 * 1024;

const REAL_LINES = readdirSync(join(PACKAGE_ROOT, 'examples', 'logs'))
  .sort()
  .flatMap((f) => readFileSync(join(PACKAGE_ROOT, 'examples', 'logs', f), 'utf8').split('\n'))
  .filter((l) => l !== '');

/** A log: real lines, CRLF, empty lines, invalid UTF-8, NULs and lines past the cap, with or without a final LF. */
const logBytes = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...REAL_LINES).map((l) => Buffer.from(l)) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.filter((b) => b !== 0x0a))) },
        { weight: 1, arbitrary: fc.constantFrom(...REAL_LINES).map((l) => Buffer.from(`${l} ${'x'.repeat(MAX_LINE)} ${l}`)) },
        { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
      ),
      { maxLength: 60 },
    ),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([lines, eol, finalEol]) => {
    const parts = lines.flatMap((l, i) => (i < lines.length - 1 || finalEol ? [l, Buffer.from(eol)] : [l]));
    return Buffer.concat(parts);
  });

interface Outcome {
  readonly report: string;
  readonly lines: number;
  readonly bytes: number;
  readonly dropped: ScanStats['dropped'];
  /** Each event's line number, family and code, in order. */
  readonly at: readonly string[];
}

async function scanOnce(inputs: readonly ScanInput[], opts: { chunkBytes?: number; stdin?: Readable; lineSearch?: LiteralSearch }): Promise<Outcome> {
  const stats = new ScanStats();
  const report = new CodeReport();
  const at: string[] = [];
  await lastValueFrom(
    readInputs(inputs, { stats, ...opts }).pipe(
      toCodeEvents(() => knowledge, new UnknownCodes()),
      tap((e) => {
        report.add(e);
        at.push(`${e.lineNo} ${e.family} ${e.code}`);
      }),
    ),
    { defaultValue: undefined },
  );
  report.lines = stats.lines;
  return { report: formatJsonReport(report), lines: stats.lines, bytes: stats.bytes, dropped: { ...stats.dropped }, at };
}
const lineSearch = knowledge.rules.bytePrefilter;

function cutAt(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 0, i = 0; pos < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    out.push(bytes.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

let dir: string;
let runs = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scan-chunking-'));
});
afterAll(() => {
  expect(runs).toBeGreaterThan(0);
});

describe('scan readers under any chunking', () => {
  it(
    'give the same JSON report and counts for files, .gz files and stdin, whatever the chunk sizes',
    async () => {
      await fc.assert(
        fc.asyncProperty(logBytes, fc.integer({ min: 1, max: 70_000 }), fc.integer({ min: 1, max: 70_000 }), fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 5 }), async (bytes, fileChunk, gzChunk, stdinCuts) => {
          const n = runs++;
          const path = join(dir, `log-${n}.log`);
          writeFileSync(path, bytes);
          writeFileSync(`${path}.gz`, gzipSync(bytes));
          const file: ScanInput = { kind: 'file', path, size: bytes.length, gzip: false };
          const gz: ScanInput = { kind: 'file', path: `${path}.gz`, size: 0, gzip: true };
          // No more than ~4,000 chunks per read keeps a run fast; sizes below that are covered by the splitter's own properties.
          const floor = Math.ceil(bytes.length / 4000);
          const reference = await scanOnce([file], { chunkBytes: 1 << 24 });
          // Every line counted once: one per LF, plus an unterminated last line.
          const newlines = bytes.reduce((c, b) => c + (b === 0x0a ? 1 : 0), 0);
          expect([reference.lines, reference.bytes]).toEqual([newlines + (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? 1 : 0), bytes.length]);
          expect(reference.at.length).toBe(JSON.parse(reference.report).events);
          expect(await scanOnce([file], { chunkBytes: 1 << 24, lineSearch })).toEqual(reference);
          expect(await scanOnce([file], { chunkBytes: Math.max(fileChunk, floor) })).toEqual(reference);
          expect(await scanOnce([file], { chunkBytes: Math.max(fileChunk, floor), lineSearch })).toEqual(reference);
          expect(await scanOnce([gz], { chunkBytes: Math.max(gzChunk, floor), lineSearch })).toEqual(reference);
          const stdin = Readable.from(cutAt(bytes, stdinCuts.map((c) => Math.max(c, floor))));
          const fromStdin = await scanOnce([{ kind: 'stdin' }], { stdin, lineSearch });
          expect(fromStdin).toEqual(reference);
        }),
        fuzzSettings(0x5eed0301, 150),
      );
    },
    fuzzTimeout(60_000),
  );
});
