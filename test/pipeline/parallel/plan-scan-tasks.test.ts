// The planner cuts container logs too: a CRI file holds partial (`P`) records all through (every line over the
// runtime's 16 KiB buffer), and a file that could not be cut anywhere near one ran on a single thread. A cut falls
// only where neither stream has a partial record open, so each joined line is still read whole by one task.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cutAfter, planScanTasks } from '../../../src/pipeline/parallel/plan-scan-tasks.js';
import { parseCriRecord } from '../../../src/sources/cri/cri-record.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-tasks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const time = '2026-12-05T07:10:13.123456789Z';

/** Records of both streams; every seventh stdout line is split into three `P` records around stderr records. */
function criLog(records: number): string {
  const lines: string[] = [];
  for (let i = 0; i < records; i++) {
    if (i % 7 === 0) {
      lines.push(`${time} stdout P [ERROR] ASCENDCL(28417,python3) aclnnFooGetWorkspaceSize fai`);
      lines.push(`${time} stderr F [rank0]: step ${i}`);
      lines.push(`${time} stdout P led with aclnnStatus=`);
      lines.push(`${time} stderr F [rank1]: step ${i}`);
      lines.push(`${time} stdout F 161002`);
    } else {
      lines.push(`${time} ${i % 2 === 0 ? 'stdout' : 'stderr'} F INFO heartbeat ${i}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Whether a partial record of either stream is open just before byte `offset`. */
function openAt(text: string, offset: number): boolean {
  const open = { stdout: false, stderr: false };
  for (const line of text.slice(0, offset).split('\n')) {
    const record = parseCriRecord(line);
    if (record !== undefined) open[record.stream] = record.partial;
  }
  return open.stdout || open.stderr;
}

describe('planScanTasks on a CRI log with partial records', () => {
  it('cuts the file into ranges, none of them inside an open partial record', () => {
    const path = join(dir, 'pod.log');
    const text = criLog(40_000);
    writeFileSync(path, text);
    const size = Buffer.byteLength(text);
    const tasks = planScanTasks([{ kind: 'file', path, size, gzip: false }], { threads: 2, minTaskBytes: 64 * 1024, tasksPerThread: 8 });
    const starts = tasks.map((t) => (t.inputs[0]?.kind === 'file' ? t.inputs[0].range?.start : undefined));
    // 16 tasks of a sixteenth, the last two of them cut four times finer: the threads finish close together.
    expect(tasks.length).toBe(14 + 8);
    const sizes = starts.map((start, i) => (starts[i + 1] ?? size) - (start ?? 0));
    for (const s of sizes.slice(0, 14)) expect(s / size).toBeCloseTo(1 / 16, 2);
    for (const s of sizes.slice(14)) expect(s / size).toBeCloseTo(1 / 64, 2);
    expect(starts[0]).toBe(0);
    for (const start of starts.slice(1)) {
      expect(start).toBeGreaterThan(0);
      expect(text[(start ?? 0) - 1]).toBe('\n');
      expect(openAt(text, start ?? 0)).toBe(false);
    }
  });
});

describe('cutAfter', () => {
  const bytes = Buffer.from(
    [`${time} stdout F one`, `${time} stdout P two`, `${time} stderr F three`, `${time} stdout F four`, `${time} stderr P five`, `${time} stderr F six`, 'plain seven', ''].join('\n'),
  );
  const lineEnd = (n: number): number => {
    let at = -1;
    for (let i = 0; i < n; i++) at = bytes.indexOf(10, at + 1);
    return at + 1;
  };

  it.each([
    ['before the open stdout record', 0, lineEnd(1)],
    ['inside stdout P .. F: after its F', lineEnd(1), lineEnd(4)],
    ['inside stderr P .. F: after its F', lineEnd(4), lineEnd(6)],
    ['after every record closed', lineEnd(6), lineEnd(7)],
  ])('%s', (_what, at, expected) => {
    expect(cutAfter(bytes, 0, true, at)).toBe(expected);
  });

  it('cuts a plain log at the first line end after the point', () => {
    const plain = Buffer.from('a\nbb\nccc\n');
    expect(cutAfter(plain, 0, true, 3)).toBe(5);
  });

  it('gives no cut when no safe line end is in the window', () => {
    const open = Buffer.from(`${time} stdout P one\n${time} stdout P two\n${time} stderr F three\n`);
    expect(cutAfter(open, 0, true, 1)).toBeUndefined();
  });
});
