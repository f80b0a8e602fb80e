// End to end through the built `run`: files laid out like /var/log/pods, written in the CRI format by a
// runtime that splits long lines into partial records, rotated the way kubelet does it (rename, the runtime
// writes a last record to the old file, then reopens), next to a Docker json-file log and a host log.
import { closeSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../sources/test-helpers.js';
import { RunProcess } from './run-process.js';

const UID_A = '6f1c2a34-8b1e-4d2f-9a77-0123456789ab';
const UID_B = '0b3c9a1e-1111-2222-3333-444455556666';

const cri = (time: string, stream: 'stdout' | 'stderr', tag: 'P' | 'F', message: string): string => `${time} ${stream} ${tag} ${message}\n`;

describe('run on CRI container logs under /var/log/pods', () => {
  let dir: string;
  let cleanup: () => void;
  let run: RunProcess | undefined;
  beforeEach(() => ({ dir, cleanup } = tempDir('cri-pods')));
  afterEach(async () => {
    await run?.signal('SIGKILL');
    cleanup();
  });

  it('joins partial records, takes record times and pods, follows rotation, and keeps Docker json-file working', async () => {
    const pods = join(dir, 'var', 'log', 'pods');
    const workerDir = join(pods, `train_vllm-0_${UID_A}`, 'worker');
    const sidecarDir = join(pods, `infer_mindie-2_${UID_B}`, 'server');
    mkdirSync(workerDir, { recursive: true });
    mkdirSync(sidecarDir, { recursive: true });
    const worker = join(workerDir, '0.log');
    writeFileSync(worker, [
      cri('2026-12-05T07:00:00.000000001Z', 'stdout', 'F', 'INFO worker started'),
      cri('2026-12-05T07:00:01.250000000Z', 'stderr', 'P', 'RuntimeError: NPU function error: call aclnnAdd'),
      cri('2026-12-05T07:00:01.250000000Z', 'stdout', 'F', 'INFO step 1 done'),
      cri('2026-12-05T07:00:01.250000000Z', 'stderr', 'P', ' failed, error code'),
      cri('2026-12-05T07:00:01.260000000Z', 'stderr', 'F', ' is 161002'),
    ].join(''));
    // A Docker json-file log in a pod directory (dockershim-era layout) is unwrapped as before, and like a CRI
    // record's its `time` is the event's (the line's own text has no time).
    writeFileSync(join(sidecarDir, '0.log'), `${JSON.stringify({ log: 'RuntimeError: NPU function error: call aclnnMatmul failed, error code is 161001\n', stream: 'stderr', time: '2026-12-05T07:00:02.000000000Z' })}\n`);
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `inputs:\n  - {name: pods, include: ["${pods}/**/*.log"], from_beginning: true}\n  - {name: slog, include: ["${join(dir, 'var', 'log', 'npu', 'slog')}/**/*.log"]}\nrotate_wait: 1s\n`);

    run = await RunProcess.start(['--config', config, '--events', '--log.level', 'debug', '--log.format', 'json']);
    await run.waitForEvents(2);

    // kubelet rotates: rename, the runtime's last record lands in the old file, then it reopens 0.log.
    const fd = openSync(worker, 'a');
    renameSync(worker, `${worker}.20261205-070005`);
    writeSync(fd, cri('2026-12-05T07:00:05.000000000Z', 'stdout', 'F', 'RuntimeError: call aclnnSoftmax failed, error code is 161001'));
    closeSync(fd);
    writeFileSync(worker, [
      cri('2026-12-05T07:00:06.000000000Z', 'stdout', 'P', 'RuntimeError: NPU function error: call aclnnMul failed,'),
      cri('2026-12-05T07:00:06.500000000Z', 'stdout', 'F', ' error code is 161002'),
    ].join(''));
    await run.waitForEvents(4);
    await run.waitForLog(/"level":"debug","msg":"Released [^"]*\/worker\/0\.log: rotated away and read to its end/);

    const seen = run.events.map((e) => ({ code: e.code, pod: e.pod, lineNo: e.lineNo, time: e.timestamp === undefined ? undefined : new Date(e.timestamp).toISOString(), line: e.line }))
      .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
    const vllm = { namespace: 'train', pod: 'vllm-0', container: 'worker' };
    expect(seen).toEqual([
      { code: '161002', pod: vllm, lineNo: 2, time: '2026-12-05T07:00:01.260Z', line: 'RuntimeError: NPU function error: call aclnnAdd failed, error code is 161002' },
      { code: '161001', pod: { namespace: 'infer', pod: 'mindie-2', container: 'server' }, lineNo: 1, time: '2026-12-05T07:00:02.000Z', line: 'RuntimeError: NPU function error: call aclnnMatmul failed, error code is 161001' },
      { code: '161001', pod: vllm, lineNo: 6, time: '2026-12-05T07:00:05.000Z', line: 'RuntimeError: call aclnnSoftmax failed, error code is 161001' },
      { code: '161002', pod: vllm, lineNo: 1, time: '2026-12-05T07:00:06.500Z', line: 'RuntimeError: NPU function error: call aclnnMul failed, error code is 161002' },
    ]);

    const logs = run.stderr.trim().split('\n').map((l) => JSON.parse(l) as { ts: string; level: string; msg: string });
    expect(logs.every((l) => /^\d{4}-\d\d-\d\dT/.test(l.ts))).toBe(true);
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      `The directory ${join(dir, 'var', 'log', 'npu', 'slog')} of input slog ('${join(dir, 'var', 'log', 'npu', 'slog')}/**/*.log') does not exist; its files are read once it is created. Is the path right, and mounted?`,
    ]);
    const debug = logs.filter((l) => l.level === 'debug').map((l) => l.msg);
    expect(debug).toContain(`Following ${worker} for pods.`);
    expect(debug).toContain(`${worker} was rotated away; reading it to its end before releasing it.`);
    expect(debug).toContain(`Following ${worker} for pods (new file).`);
  });
});
