// Property test of scan on several threads (src/pipeline/parallel): a scan cut into tasks (files cut into
// line-aligned byte ranges, small files grouped, .gz files whole), each task run on its own and the partial
// reports merged in task order, gives exactly the one-thread report: the JSON, the table's files per code and
// the counts of lines, bytes, truncated and invalid UTF-8 lines. The tasks run in this thread (runScanTask is what
// each worker runs); test/scan/scan-workers.test.ts runs the real worker threads through the CLI.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { mergePartials } from '../../src/pipeline/parallel/merge-partials.js';
import { planScanTasks } from '../../src/pipeline/parallel/plan-scan-tasks.js';
import { runScanTask } from '../../src/pipeline/parallel/run-scan-task.js';
import { runScan } from '../../src/pipeline/run-scan.js';
import { CodeReport } from '../../src/sinks/report/code-report.js';
import { formatJsonReport } from '../../src/sinks/report/format-json.js';
import { ScanStats } from '../../src/sinks/report/scan-stats.js';
import type { ScanInput } from '../../src/sources/read-files/expand-inputs.js';
import { fuzzSettings, fuzzTimeout } from './fuzz-settings.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
/** A small cap so that lines past it, and ranges cut inside them, are common. */
const MAX_LINE = 256;

const REAL_LINES = readdirSync(join(PACKAGE_ROOT, 'examples', 'logs'))
  .sort()
  .flatMap((f) => readFileSync(join(PACKAGE_ROOT, 'examples', 'logs', f), 'utf8').split('\n'))
  .filter((l) => l !== '');

/** An aclnn status the catalog lacks: 300 of them overflow the unknown-code cap (50 per family) many times. */
const unknownCode = fc.integer({ min: 0, max: 299 }).map((n) => Buffer.from(`[ERROR] ASCENDCL(28417,python3):2025-03-14-09:23:00.500.000 [aclnn_foo.cpp:12]28431 aclnnFooGetWorkspaceSize failed with aclnnStatus=161${100 + n}`));

/**
 * A CRI record (`<time> stdout|stderr P|F <text>`): a `P` record is joined with its stream's next records up to its
 * `F`, by one decoder per file, so a cut inside an open record would change the lines scanned.
 */
const criRecord = fc
  .tuple(fc.constantFrom('stdout', 'stderr'), fc.boolean(), fc.constantFrom(...REAL_LINES), fc.integer({ min: 0, max: 59 }))
  .map(([stream, partial, text, s]) => Buffer.from(`2026-12-05T07:10:${String(s).padStart(2, '0')}.123456789Z ${stream} ${partial ? 'P' : 'F'} ${text}`));

/** A log: real lines, CRI records (partial ones open across other lines), unknown codes, CRLF, empty lines, invalid UTF-8 and lines past the cap, with or without a final LF. */
const logBytes = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...REAL_LINES).map((l) => Buffer.from(l)) },
        { weight: 8, arbitrary: unknownCode },
        { weight: 4, arbitrary: criRecord },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.filter((b) => b !== 0x0a))) },
        { weight: 1, arbitrary: fc.constantFrom(...REAL_LINES).map((l) => Buffer.from(`${l} ${'x'.repeat(MAX_LINE)} ${l}`)) },
        { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
      ),
      { minLength: 30, maxLength: 150 },
    ),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([lines, eol, finalEol]) => Buffer.concat(lines.flatMap((l, i) => (i < lines.length - 1 || finalEol ? [l, Buffer.from(eol)] : [l]))));

interface Outcome {
  readonly report: string;
  /** Every row's files, in the table's order (the JSON report leaves them out). */
  readonly files: readonly string[];
  readonly lines: number;
  readonly bytes: number;
  readonly dropped: ScanStats['dropped'];
}

function outcome(report: CodeReport, stats: ScanStats): Outcome {
  report.lines = stats.lines;
  const files = report.rows().map((r) => `${r.family} ${r.code} ${r.class}: ${r.files.join(' ')}${r.moreFiles ? ' +' : ''}`);
  return { report: formatJsonReport(report), files, lines: stats.lines, bytes: stats.bytes, dropped: { ...stats.dropped } };
}

async function oneThread(inputs: readonly ScanInput[]): Promise<Outcome> {
  const report = new CodeReport();
  const stats = new ScanStats();
  await runScan({ inputs, knowledge, stats, maxLineBytes: MAX_LINE, log: () => undefined, sinks: [{ name: 'report', write: (e) => report.add(e), close: () => Promise.resolve() }] });
  return outcome(report, stats);
}

async function inTasks(inputs: readonly ScanInput[], threads: number, minTaskBytes: number): Promise<{ outcome: Outcome; tasks: number; ranges: number }> {
  const tasks = planScanTasks(inputs, { threads, minTaskBytes });
  // Finished out of order, merged in order: the order results arrive in must not matter.
  const partials = await Promise.all([...tasks].reverse().map((t) => runScanTask(t, knowledge, MAX_LINE)));
  partials.reverse();
  const report = new CodeReport();
  const stats = new ScanStats();
  await mergePartials(tasks, partials, { report, stats, source: 'scan', knowledge, maxLineBytes: MAX_LINE });
  return { outcome: outcome(report, stats), tasks: tasks.length, ranges: tasks.filter((t) => t.inputs.some((i) => i.kind === 'file' && i.range !== undefined)).length };
}

let dir: string;
let runs = 0;
let cut = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scan-parallel-'));
});
afterAll(() => {
  expect(runs).toBeGreaterThan(0);
  // The property exercised what it is about: files cut into ranges.
  expect(cut).toBeGreaterThan(runs / 5);
});

describe('scan on several threads', () => {
  it(
    'merges the tasks into exactly the one-thread report, for files cut anywhere, many files and .gz files',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(logBytes, fc.boolean()), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 16, max: 2000 }),
          async (files, threads, minTaskBytes) => {
            const n = runs++;
            const inputs: ScanInput[] = files.map(([bytes, gzip], i) => {
              const path = join(dir, `log-${n}-${i}.log${gzip ? '.gz' : ''}`);
              writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
              return { kind: 'file', path, size: gzip ? 0 : bytes.length, gzip };
            });
            const reference = await oneThread(inputs);
            const parallel = await inTasks(inputs, threads, minTaskBytes);
            if (parallel.ranges > 1) cut++;
            expect(parallel.outcome).toEqual(reference);
          },
        ),
        fuzzSettings(0x5eed1401, 150),
      );
    },
    fuzzTimeout(90_000),
  );
});
