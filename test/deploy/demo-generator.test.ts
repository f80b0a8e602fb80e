// The compose `demo` profile's log writer: its lines are what the real rules recognise, in every family.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/cli/package-info.js';

const GENERATOR = join(PACKAGE_ROOT, 'examples/demo-generator/write-demo-logs.mjs');
const CLI = join(PACKAGE_ROOT, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'errcode-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generate(into: string, lines: number, seed: number): void {
  execFileSync(process.execPath, [GENERATOR, '--dir', into, '--lines', String(lines), '--seed', String(seed)], { env: { ...process.env, TZ: 'UTC' } });
}

interface ScanReport {
  lines: number;
  codes: { family: string; code: string; class: string; level?: string; count: number }[];
}

describe('demo generator', () => {
  it('writes the same bytes for the same seed', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    generate(a, 500, 3);
    generate(b, 500, 3);
    const files = readdirSync(a).sort();
    expect(files).toEqual(['cloud-client.log', 'hilog.log', 'npu-device.log', 'npu-plog.log', 'speech-sdk.log']);
    for (const f of files) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
  });

  it('produces fatal and retryable codes of the families, with npu-fault levels, and unknown codes, that scan recognises', () => {
    const out = join(dir, 'scan');
    generate(out, 2000, 7);
    const report = JSON.parse(execFileSync(process.execPath, [CLI, 'scan', out, '--format', 'json', '--no-progress'], { encoding: 'utf8' })) as ScanReport;
    expect(report.lines).toBe(2000);
    const seen = new Set(report.codes.map((c) => `${c.family}/${c.class}`));
    for (const family of ['aclnn', 'core-vision', 'huawei-cloud', 'llm-datadist', 'speech-sdk']) {
      expect(seen.has(`${family}/fatal`), `${family}/fatal`).toBe(true);
      if (family !== 'aclnn') expect(seen.has(`${family}/retryable`), `${family}/retryable`).toBe(true);
    }
    expect(seen.has('aclnn/unknown')).toBe(true);
    // The dashboard's level panel has something to show: npu-fault events of both kinds, with their levels.
    for (const kind of ['npu-fault/fatal', 'npu-fault/retryable', 'npu-fault/unknown', 'acl-runtime/fatal', 'cann-errmsg/fatal']) expect(seen.has(kind), kind).toBe(true);
    const levels = new Set(report.codes.filter((c) => c.family === 'npu-fault').map((c) => c.level ?? '-'));
    expect([...levels].sort()).toEqual(['-', 'RestartBusiness', 'RestartRequest']);
  });
});
