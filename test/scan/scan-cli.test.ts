// End to end: the built CLI (dist/, built by test/global-setup.ts) on real files, .gz and stdin.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const FIXTURES = join(process.cwd(), 'test/scan/fixtures');
const MIXED = join(FIXTURES, 'mixed.log');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function scan(args: readonly string[], opts: { input?: string | Buffer; cwd?: string } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args], {
    input: opts.input ?? '',
    cwd: opts.cwd ?? process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Month-day timestamps (hilog) take the current year, or the previous one if that would be in the future. */
function yearOf(month: number, day: number): number {
  const now = new Date();
  const year = now.getUTCFullYear();
  return Date.UTC(year, month - 1, day) > now.getTime() + 86_400_000 ? year - 1 : year;
}

const row = (family: string, code: string, name: string, cls: string, count: number, first: string | null, last: string | null = first) => ({
  family, code, name, class: cls, count, firstSeen: first, lastSeen: last,
});

const MIXED_REPORT = {
  lines: 16,
  events: 11,
  codes: [
    row('aclnn', '161001', 'ACLNN_ERR_PARAM_NULLPTR', 'fatal', 2, '2025-03-14T09:21:09.841Z', '2025-03-14T09:22:00.000Z'),
    row('llm-datadist', '0x5010B009', 'LLM_LINK_FAILED', 'retryable', 2, '2025-03-14T11:02:17.883Z', '2025-03-14T11:05:31.442Z'),
    row('acl-runtime', '507015', 'ACL_ERROR_RT_AICORE_EXCEPTION', 'fatal', 1, '2025-03-14T09:21:12.410Z'),
    row('aclnn', '161002', 'ACLNN_ERR_PARAM_INVALID', 'fatal', 1, null),
    row('aclnn', '161999', '', 'unknown', 1, '2025-03-14T09:23:00.500Z'),
    row('aclnn', '561103', 'ACLNN_ERR_INNER_NULLPTR', 'fatal', 1, '2025-03-14T09:21:07.123Z'),
    row('core-vision', '1008800002', '', 'fatal', 1, `${yearOf(3, 14)}-03-14T14:05:03.017Z`),
    row('huawei-cloud', 'AIS.0014', '', 'fatal', 1, '2025-03-14T08:15:09.567Z'),
    row('huawei-cloud', 'APIG.0308', '', 'retryable', 1, '2025-03-14T08:16:40.871Z'),
  ],
};

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'scan-cli-'));
  writeFileSync(join(tmp, 'mixed.log.gz'), gzipSync(readFileSync(MIXED)));
  mkdirSync(join(tmp, 'dir', 'sub'), { recursive: true });
  writeFileSync(join(tmp, 'dir', 'a.log'), readFileSync(MIXED));
  writeFileSync(join(tmp, 'dir', 'sub', 'b.log.gz'), gzipSync(readFileSync(join(FIXTURES, 'retryable-only.log'))));
});

describe('scan --format json', () => {
  it('reports the fixture exactly: hard negatives silent, aliases canonical, unknowns kept', () => {
    const r = scan(['--format', 'json', MIXED]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(MIXED_REPORT);
  });

  it('reads a .gz file to the same report', () => {
    const r = scan(['--format', 'json', join(tmp, 'mixed.log.gz')]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(MIXED_REPORT);
  });

  it('reads stdin given as -, and when no input is given and stdin is not a terminal', () => {
    const input = readFileSync(MIXED);
    for (const args of [['--format', 'json', '-'], ['--format', 'json']]) {
      const r = scan(args, { input });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(MIXED_REPORT);
    }
  });

  it('scans every file under a directory, .gz included, adding up across files', () => {
    const r = scan(['--format', 'json', 'dir'], { cwd: tmp });
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as typeof MIXED_REPORT;
    expect([json.lines, json.events]).toEqual([16 + 3, 11 + 2]);
    expect(json.codes.filter((c) => c.family === 'llm-datadist').map((c) => [c.code, c.count])).toEqual([
      ['0x5010B009', 3],
      ['0x5010B01B', 1],
    ]);
  });

  it('counts lines exactly around a 1 MB line, finds a code in its first 64 KiB, and says it was truncated', () => {
    const codeLine = 'RuntimeError: NPU function error: call aclnnAddmm failed, error code is 161002';
    const huge = `${codeLine} ${'x'.repeat(1024 * 1024)} aclnnMulGetWorkspaceSize failed with aclnnStatus=161001`;
    writeFileSync(join(tmp, 'huge.log'), `${codeLine}\n${huge}\n${codeLine}\n`);
    const r = scan(['--format', 'json', join(tmp, 'huge.log')]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ lines: 3, events: 3, codes: [row('aclnn', '161002', 'ACLNN_ERR_PARAM_INVALID', 'fatal', 3, null)] });
    expect(r.stderr).toBe('errcode-exporter: 1 line was longer than 65536 bytes; only the first 65536 bytes were scanned.\n');
  });

  it('reads invalid UTF-8 and CRLF without failing, and notes the bad bytes', () => {
    const bytes = Buffer.concat([Buffer.from('bad \xff\xfe bytes\r\n', 'latin1'), Buffer.from('2025-03-14 11:02:19,004 WARNING ret = 1343270939\r\n')]);
    const r = scan(['--format', 'json', '-'], { input: bytes });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ lines: 2, events: 1, codes: [row('llm-datadist', '0x5010B01B', 'LLM_LINK_BUSY', 'retryable', 1, '2025-03-14T11:02:19.004Z')] });
    expect(r.stderr).toBe('errcode-exporter: 1 line was invalid UTF-8; the bad bytes were read as U+FFFD.\n');
  });
});

describe('scan --fail-on', () => {
  it.each([
    ['fatal', 'mixed.log', 1],
    ['retryable', 'mixed.log', 1],
    ['unknown', 'mixed.log', 1],
    ['any', 'mixed.log', 1],
    ['fatal', 'retryable-only.log', 0],
    ['unknown', 'retryable-only.log', 0],
    ['retryable', 'retryable-only.log', 1],
    ['any', 'retryable-only.log', 1],
    ['any', 'clean.log', 0],
  ])('--fail-on %s on %s exits %i', (cls, file, expected) => {
    const r = scan(['--format', 'json', '--fail-on', cls, join(FIXTURES, file)]);
    expect(r.status).toBe(expected);
    expect(r.stdout.startsWith('{"lines":')).toBe(true);
  });

  it('exits 2, not 1, on a misspelt class', () => {
    const r = scan(['--fail-on', 'fatl', MIXED]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("argument 'fatl' is invalid");
  });
});

describe('scan output formats', () => {
  it('--events prints one CodeEvent per line, in file order, with positions', () => {
    const r = scan(['--events', MIXED]);
    expect(r.status).toBe(0);
    const events = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => [e.lineNo, e.family, e.code, e.class])).toEqual([
      [1, 'aclnn', '561103', 'fatal'],
      [2, 'aclnn', '161001', 'fatal'],
      [3, 'aclnn', '161001', 'fatal'],
      [5, 'acl-runtime', '507015', 'fatal'],
      [6, 'aclnn', '161002', 'fatal'],
      [7, 'llm-datadist', '0x5010B009', 'retryable'],
      [8, 'llm-datadist', '0x5010B009', 'retryable'],
      [11, 'core-vision', '1008800002', 'fatal'],
      [13, 'huawei-cloud', 'AIS.0014', 'fatal'],
      [14, 'huawei-cloud', 'APIG.0308', 'retryable'],
      [16, 'aclnn', '161999', 'unknown'],
    ]);
    expect(events[0]).toMatchObject({ source: 'scan', path: MIXED, raw: '561103', rule: expect.any(String), timestamp: Date.UTC(2025, 2, 14, 9, 21, 7, 123) });
  });

  it('--events stops quietly, exit 0, when the reader closes the pipe (scan --events | head)', async () => {
    const big = join(tmp, 'big.log');
    writeFileSync(big, readFileSync(MIXED).toString().repeat(5000));
    const child = spawn(process.execPath, [CLI, 'scan', '--events', big], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('--format prom prints the exporter exposition with the scan counts', () => {
    const r = scan(['--format', 'prom', MIXED]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# TYPE errcode_events_total counter');
    expect(r.stdout).toContain('errcode_events_total{family="aclnn",code="161001",name="ACLNN_ERR_PARAM_NULLPTR",class="fatal",source="scan"} 2');
    expect(r.stdout).toContain('errcode_events_total{family="aclnn",code="161999",name="",class="unknown",source="scan"} 1');
    expect(r.stdout).toMatch(/^errcode_lines_read_total\{source="scan"\} 16$/m);
    expect(r.stdout).not.toContain('process_cpu');
  });

  it('prints a table for people by default, with remedies in the chosen language', () => {
    const en = scan([MIXED]);
    expect(en.status).toBe(0);
    const lines = en.stdout.split('\n');
    expect(lines[0]).toBe('Read 16 lines from 1 input: 11 code events (7 fatal, 3 retryable, 1 unknown).');
    expect(lines[2]).toMatch(/^FAMILY +CODE +NAME +CLASS +COUNT +FIRST SEEN +LAST SEEN +MEANING +REMEDY +FILES$/);
    expect(lines[3]).toMatch(/^aclnn +161001 +ACLNN_ERR_PARAM_NULLPTR +fatal +2 +2025-03-14 09:21:09Z +2025-03-14 09:22:00Z +\S.* test\/scan\/fixtures\/mixed\.log$/);
    const zh = scan(['--lang', 'zh', MIXED]);
    expect(zh.stdout.split('\n')[3]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('the bundled examples (npm start)', () => {
  it('show codes of every family and nothing unknown', () => {
    const r = scan(['--format', 'json', join(process.cwd(), 'examples/logs')]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as typeof MIXED_REPORT;
    const perFamily: Record<string, number> = {};
    for (const c of json.codes) perFamily[c.family] = (perFamily[c.family] ?? 0) + c.count;
    expect([json.lines, json.events]).toEqual([89, 46]);
    expect(perFamily).toEqual({ 'acl-runtime': 1, aclnn: 13, 'core-vision': 7, 'huawei-cloud': 7, 'llm-datadist': 13, 'speech-sdk': 5 });
    expect(json.codes.filter((c) => c.class === 'unknown')).toEqual([]);
  });

  it('print what every code means, wrapped to an 80-column terminal (--width 80), nothing cut', () => {
    const json = JSON.parse(scan(['--format', 'json', 'examples/logs']).stdout) as typeof MIXED_REPORT;
    const r = scan(['--width', '80', 'examples/logs']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    expect(lines[2]).toBe('CODE                      CLASS      COUNT  MEANING');
    // One block per code, each opening with its family and class; every block has a meaning, a remedy and files.
    const blocks = r.stdout.split('\n\n').slice(1).map((b) => b.split('\n').filter((l) => l !== ''));
    blocks[0] = blocks[0].slice(1);
    expect(blocks.length).toBe(json.codes.length);
    const textOf = (block: string[]): string => block.map((l) => l.slice(44)).join(' ');
    for (const [i, block] of blocks.entries()) {
      expect(block[0]).toMatch(new RegExp(`^${json.codes[i].family} +${json.codes[i].class} +${json.codes[i].count} +\\S`));
      expect(textOf(block)).toMatch(/^\S.* Remedy: \S.* Files: examples\/logs\//);
    }
    expect(textOf(blocks[0])).toContain('Remedy: Call aclGetRecentErrMsg for the detailed message, then correct the data types, shapes, formats or values passed to the API according to its constraints.');
  });

  it('refuses a --width below 40 columns (exit 2)', () => {
    const r = scan(['--width', '20', 'examples/logs']);
    expect([r.status, r.stderr]).toEqual([2, 'errcode-exporter: --width takes a number of columns, at least 40; got "20"\n']);
  });
});

describe('scan errors', () => {
  it('names every input that matched nothing and exits 2 before reading anything', () => {
    const r = scan(['--format', 'json', 'missing.log', 'dir', 'no/*.log', 'empty-pattern-*.txt'], { cwd: tmp });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'errcode-exporter: some inputs matched nothing:\n' +
        '  missing.log: no such file or directory.\n' +
        '  no/*.log: no files match this pattern.\n' +
        '  empty-pattern-*.txt: no files match this pattern.\n',
    );
  });

  it('prints every rules problem as file:line:col and exits 2', () => {
    const rules = join(tmp, 'bad-rules');
    mkdirSync(rules, { recursive: true });
    writeFileSync(join(rules, 'aclnn.yaml'), 'family: aclnn\nrules:\n  - id: broken\n    pattern: "(unclosed"\n');
    const r = scan(['--rules', rules, MIXED]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^.*bad-rules\/aclnn\.yaml:\d+:\d+ .+$/m);
    expect(r.stderr).toMatch(/nothing was scanned\.\n$/);
  });

  it('shows help with examples', () => {
    const r = spawnSync(process.execPath, [CLI, 'scan', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Examples:\n  errcode-exporter scan examples/logs');
  });
});

describe('scan --context', () => {
  const line = '2026-05-24 10:11:12 [VoiceBot] recognize failed, errCode=10003\n';

  it("counts a family's code on lines carrying a deployment's own tag, and only with it", () => {
    expect(JSON.parse(scan(['--format', 'json', '-'], { input: line }).stdout)).toEqual({ lines: 1, events: 0, codes: [] });
    const withContext = JSON.parse(scan(['--format', 'json', '--context', 'speech-sdk=[VoiceBot]', '-'], { input: line }).stdout) as { codes: { family: string; code: string }[] };
    expect(withContext.codes.map((c) => `${c.family}:${c.code}`)).toEqual(['speech-sdk:10003']);
  });

  it('refuses a --context without family=text (exit 2)', () => {
    const r = scan(['--context', 'VoiceBot', '-'], { input: line });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--context takes family=text');
  });
});
