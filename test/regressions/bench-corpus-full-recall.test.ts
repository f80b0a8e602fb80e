// The speed comparison of bench/run.sh means something only at full recall: scan must find every code line the
// bench corpus generator writes, family by family, and nothing on its hard negatives; the peers (grep, and mtail
// when installed) must count the same lines with the anchors of bench/anchors.mjs. Counts only, never time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const CLI = join(ROOT, 'dist/cli/main.js');
const RECORDS = 30_000;

interface Expected {
  seed: number;
  lines: number;
  codeLines: number;
  byFamily: Record<string, number>;
}
interface ScanReport {
  lines: number;
  events: number;
  codes: { family: string; count: number }[];
}

function run(command: string, args: readonly string[]): string {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0 && !(command === 'grep' && r.status === 1)) throw new Error(`${command} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function generate(out: string, seed: number): Expected {
  run(process.execPath, ['bench/generate-corpus.mjs', '--lines', String(RECORDS), '--seed', String(seed), '--out', out]);
  return JSON.parse(readFileSync(`${out}.expected.json`, 'utf8')) as Expected;
}

describe('bench corpus', () => {
  let dir: string;
  let corpus: string;
  let expected: Expected;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
    corpus = join(dir, 'corpus.log');
    expected = generate(corpus, 11);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is byte-identical for a seed and holds 10-20% code lines of all seven families', () => {
    const again = join(dir, 'again.log');
    generate(again, 11);
    expect(readFileSync(again).equals(readFileSync(corpus))).toBe(true);
    expect(Object.keys(expected.byFamily)).toEqual(['acl-runtime', 'aclnn', 'cann-errmsg', 'core-vision', 'huawei-cloud', 'llm-datadist', 'speech-sdk']);
    expect(expected.codeLines / expected.lines).toBeGreaterThan(0.1);
    expect(expected.codeLines / expected.lines).toBeLessThan(0.2);
  });

  it('scan finds every code line, family by family, and nothing else', () => {
    const report = JSON.parse(run(process.execPath, [CLI, 'scan', '--format', 'json', '--no-progress', corpus])) as ScanReport;
    const byFamily: Record<string, number> = {};
    for (const c of report.codes) byFamily[c.family] = (byFamily[c.family] ?? 0) + c.count;
    expect(report.lines).toBe(expected.lines);
    expect(byFamily).toEqual(expected.byFamily);
    expect(report.events).toBe(expected.codeLines);
  });

  it('grep with the shared anchors matches exactly the code lines', () => {
    const pattern = run(process.execPath, ['bench/anchors.mjs', '--grep']);
    expect(Number(run('grep', ['-cE', pattern, corpus]).trim())).toBe(expected.codeLines);
  });

  it('the committed mtail program is the one the anchors generate', () => {
    expect(run(process.execPath, ['bench/anchors.mjs', '--mtail'])).toBe(readFileSync(join(ROOT, 'bench/errcode.mtail'), 'utf8'));
  });

  const hasMtail = spawnSync('mtail', ['--version']).status === 0;
  it.runIf(hasMtail)('mtail counts the same lines per family', () => {
    const progs = join(dir, 'progs');
    run('mkdir', ['-p', progs]);
    run('cp', ['bench/errcode.mtail', progs]);
    // --port 0: even in one-shot mode mtail serves HTTP, on :3903 by default, which a running mtail (a benchmark) may hold.
    const text = run('mtail', ['--one_shot', '--one_shot_format', 'prometheus', '--port', '0', '--progs', progs, '--logs', corpus]);
    const byFamily: Record<string, number> = {};
    for (const m of text.matchAll(/^errcode_events_total\{[^}]*family="([^"]+)"[^}]*\} (\d+)/gm)) byFamily[m[1] ?? ''] = (byFamily[m[1] ?? ''] ?? 0) + Number(m[2]);
    expect(byFamily).toEqual(expected.byFamily);
  });
});
