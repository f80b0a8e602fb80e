// End to end: the built CLI scanning on real worker threads (--workers 2, 3) reports exactly what one thread
// reports (--workers 1), on a 12 MiB file cut into byte ranges (CRLF lines, a line past the cap, 120 distinct
// uncatalogued codes that overflow the cap in several ranges, npu-fault rows with their level, no final newline) and on a directory of many files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const MIXED = readFileSync(join(process.cwd(), 'test/scan/fixtures/mixed.log'), 'utf8').split('\n').filter((l) => l !== '');

/** The CLI's scan; killed after 60 s (a worker left running would keep it alive: status null, then). */
function scan(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'scan', '--no-progress', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
let big: string;
let dir: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'scan-workers-'));
  big = join(tmp, 'big.log');
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 12 * 1024 * 1024; i++) {
    let line = MIXED[i % MIXED.length] as string;
    if (i % 7 === 0) line += '\r';
    if (i % 5000 === 0) line = `${line} ${'x'.repeat(70 * 1024)}`;
    // 120 distinct uncatalogued aclnn codes, each seen all over the file: every range overflows the cap of 50.
    if (i % 11 === 0) line = `[ERROR] ASCENDCL(1,python3):2025-03-14-09:23:00.500.000 [a.cpp:1]1 aclnnFoo failed with aclnnStatus=161${200 + ((i * 7) % 120)}`;
    // An npu-fault line (rules/npu-fault.yaml's test line) in every range: its row carries the catalog's level.
    if (i % 13 === 0) line = 'HBM MULTI BIT ECC, Uncorrectable ECC, device_id=3, event_id=0x80e01801, time us=67672363666.[FUNC:ProcHBMRas][FILE:stars_engine.cc]';
    lines.push(line);
    bytes += line.length + 1;
  }
  writeFileSync(big, lines.join('\n')); // no final newline: the last range ends in a partial line
  dir = join(tmp, 'many');
  mkdirSync(dir);
  for (let f = 0; f < 40; f++) writeFileSync(join(dir, `node-${String(f).padStart(2, '0')}.log`), `${MIXED.slice(f % 5).join('\n')}\n`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('scan --workers', () => {
  it('reports a file cut into ranges exactly as one thread does, in JSON and in the wide table', () => {
    const one = scan(['--format', 'json', '--workers', '1', big]);
    expect(one.status).toBe(0);
    const report = JSON.parse(one.stdout) as { lines: number; events: number; codes: { family: string; code: string; class: string; level?: string; count: number }[] };
    expect(report.codes.find((c) => c.family === 'npu-fault')?.level).toBe('RestartBusiness');
    expect(report.lines).toBe(readFileSync(big, 'utf8').split('\n').length);
    // The cap kept the first 50 distinct uncatalogued aclnn codes (161999 of the fixture and 49 of ours) and folded the rest.
    const unknown = report.codes.filter((c) => c.family === 'aclnn' && c.class === 'unknown').map((c) => c.code);
    expect([unknown.length, unknown.includes('161999'), unknown.includes('other')]).toEqual([51, true, true]);
    for (const workers of ['2', '3']) {
      const many = scan(['--format', 'json', '--workers', workers, big]);
      expect([many.status, many.stdout, many.stderr]).toEqual([0, one.stdout, one.stderr]);
    }
    const table = scan(['--wide', '--workers', '1', big]);
    expect(scan(['--wide', '--workers', '2', big]).stdout).toBe(table.stdout);
    expect(table.stdout).toContain('longer than 65536 bytes');
  });

  it('reports many files exactly as one thread does, files listed in first-seen order, and --fail-on agrees', () => {
    const one = scan(['--wide', '--workers', '1', dir]);
    expect(one.status).toBe(0);
    expect(scan(['--wide', '--workers', '2', dir])).toEqual(one);
    expect(scan(['--format', 'json', '--workers', '2', '--fail-on', 'fatal', dir]).status).toBe(1);
  });

  it('takes a number of threads from 1 to 64, else exit 2', () => {
    for (const bad of ['0', '65', 'two']) {
      const r = scan(['--workers', bad, big]);
      expect([r.status, r.stderr]).toEqual([2, `errcode-exporter: --workers takes a number of threads from 1 to 64; got "${bad}"\n`]);
    }
  });

  it('refuses bad rules with their position and exits, though its workers were started before the rules were read', () => {
    const rules = join(tmp, 'bad-rules');
    mkdirSync(rules, { recursive: true });
    writeFileSync(join(rules, 'aclnn.yaml'), 'family: aclnn\nrules:\n  - id: Bad Id\n');
    // A pool left running would keep the process alive until scan()'s timeout kills it (status null).
    const r = scan(['--workers', '3', '--rules', rules, big]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/aclnn\.yaml:3:\d+/);
    expect(r.stdout).toBe('');
  });
});
