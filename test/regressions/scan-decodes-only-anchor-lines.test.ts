// Issue 14: scan searched every line for anchors after decoding it, though ~70% of a typical log can yield no
// event. It now searches each chunk's bytes once and decodes and delivers only the lines holding an anchor's
// bytes. Counts the work (lines delivered) instead of timing it. Then the extract stage tested its prefilter
// regex again on every delivered line (~4% of a one-thread scan): lines the byte search found an anchor in now say so
// (LogLine.anchored) and are not tested twice.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { LiteralSearch } from '../../src/rules/literal-search.js';
import { ScanStats } from '../../src/sinks/report/scan-stats.js';
import { readInputs } from '../../src/sources/read-files/read-inputs.js';
import { toCodeEvents } from '../../src/pipeline/code-event-pipeline.js';
import { UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
const examples = join(PACKAGE_ROOT, 'examples', 'logs');
const NOISE = ['[INFO] GE(1,python3):2026-05-24-10:11:12.000.000 [graph.cc:12]42 graph compiled in 12 ms', '2026-05-24 10:11:12 INFO 推理服务启动完成，端口 8080', ''];

describe('scan searches the buffer, not each line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'buffer-search-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers exactly the lines the prefilter passes, at their line numbers, and counts every line', async () => {
    const real = readdirSync(examples).sort().flatMap((f) => readFileSync(join(examples, f), 'utf8').split('\n'));
    // Every real example line, each followed by noise that holds no anchor, Docker-wrapped copies, CRLF.
    const lines = real.flatMap((l, i) => [l, NOISE[i % NOISE.length] as string, JSON.stringify({ log: `${l}\n`, stream: 'stderr' })]);
    const eol = real.length % 2 === 0 ? '\n' : '\r\n';
    // Terminated: an unfinished last line is held, so always delivered.
    const text = lines.join(eol) + eol;
    const path = join(dir, 'mixed.log');
    writeFileSync(path, text);
    const read = async (chunkBytes: number): Promise<[number, string][]> => {
      const stats = new ScanStats();
      const input = { kind: 'file', path, size: text.length, gzip: false } as const;
      const got = await lastValueFrom(readInputs([input], { stats, chunkBytes, lineSearch: knowledge.rules.bytePrefilter }).pipe(toArray()));
      expect(stats.lines).toBe(lines.length);
      return got.map((l) => [l.lineNo, l.text]);
    };
    const expected = lines.flatMap((l, i): [number, string][] => (knowledge.rules.prefilter.test(l) ? [[i + 1, l]] : []));
    // The work saved is real: a third of the lines are noise without any anchor.
    expect(expected.length).toBeLessThanOrEqual(Math.ceil((lines.length * 2) / 3));
    expect(await read(1 << 20)).toEqual(expected);
    // A line that spans two chunks is always delivered (its bytes were not searched): at most one more per chunk.
    const chunked = await read(4096);
    expect(chunked.filter(([n]) => expected.some(([e]) => e === n))).toEqual(expected);
    expect(chunked.length - expected.length).toBeLessThanOrEqual(Math.ceil(Buffer.byteLength(text) / 4096));
  });

  it('never skips a line a CRI partial record needs: the same events, joined lines and numbers with and without the search', async () => {
    const t = '2026-12-05T07:10:13.123456789Z';
    const records = [
      `${t} stdout P call acl`,
      `${t} stderr F graph compiled on the other stream`,
      `${t} stdout P nnMatmul fai`,
      `${t} stdout F led, ret=561003`,
      `${t} stdout F nothing here`,
      `${t} stderr P RuntimeError: NPU function error: call aclnnAdd failed, error c`,
      `${t} stderr F ode is 561002`,
      'a plain line between',
    ];
    const text = `${records.join('\n')}\n`;
    const path = join(dir, 'container.log');
    writeFileSync(path, text);
    const events = async (lineSearch?: LiteralSearch): Promise<string[]> => {
      const input = { kind: 'file', path, size: text.length, gzip: false } as const;
      const lines = readInputs([input], { stats: new ScanStats(), lineSearch });
      const got = await lastValueFrom(lines.pipe(toCodeEvents(() => knowledge, new UnknownCodes()), toArray()));
      return got.map((e) => `${e.lineNo} ${e.family} ${e.code} ${e.line}`);
    };
    const expected = await events();
    expect(expected).toEqual([
      '1 aclnn 561003 call aclnnMatmul failed, ret=561003',
      '6 aclnn 561002 RuntimeError: NPU function error: call aclnnAdd failed, error code is 561002',
    ]);
    expect(await events(knowledge.rules.bytePrefilter)).toEqual(expected);
  });

  it('marks the lines it found an anchor in, and the extract stage does not test its prefilter on them again', async () => {
    const real = readdirSync(examples).sort().flatMap((f) => readFileSync(join(examples, f), 'utf8').split('\n'));
    const lines = real.flatMap((l, i) => [l, NOISE[i % NOISE.length] as string, JSON.stringify({ log: `${l}\n`, stream: 'stderr' }), `${i % 2 === 0 ? l : (NOISE[0] as string)} stdout P`]);
    const text = `${lines.join('\r\n')}\r\n`;
    const path = join(dir, 'anchored.log');
    writeFileSync(path, text);
    const input = { kind: 'file', path, size: text.length, gzip: false } as const;
    const read = readInputs([input], { stats: new ScanStats(), lineSearch: knowledge.rules.bytePrefilter });
    const delivered = await lastValueFrom(read.pipe(toArray()));
    // Anchored is exact: the lines the prefilter passes (Docker records keep it: the same text reaches extract).
    expect(delivered.filter((l) => l.anchored).map((l) => l.lineNo)).toEqual(delivered.filter((l) => knowledge.rules.prefilter.test(l.text)).map((l) => l.lineNo));
    expect(delivered.filter((l) => l.anchored).length).toBeGreaterThan(real.length);
    // A line found only by a CRI marker (the reader searches for those too) is delivered, not anchored.
    expect(delivered.some((l) => !l.anchored && l.text.endsWith(' stdout P'))).toBe(true);
    const events = async (lineSearch?: LiteralSearch): Promise<{ events: string[]; prefiltered: number }> => {
      const prefilter = vi.spyOn(knowledge.rules.prefilter, 'test');
      try {
        const got = await lastValueFrom(readInputs([input], { stats: new ScanStats(), lineSearch }).pipe(toCodeEvents(() => knowledge, new UnknownCodes()), toArray()));
        return { events: got.map((e) => `${e.lineNo} ${e.family} ${e.code}`), prefiltered: prefilter.mock.calls.length };
      } finally {
        prefilter.mockRestore();
      }
    };
    const plain = await events();
    const searched = await events(knowledge.rules.bytePrefilter);
    expect(searched.events).toEqual(plain.events);
    expect(plain.events.length).toBeGreaterThan(0);
    // Without the search every line is prefiltered; with it, only the delivered lines the search did not anchor.
    expect(plain.prefiltered).toBe(lines.length);
    expect(searched.prefiltered).toBe(delivered.filter((l) => !l.anchored).length);
  });
});
