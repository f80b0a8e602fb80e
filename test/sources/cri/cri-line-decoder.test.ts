import { describe, expect, it } from 'vitest';
import { CriLineDecoder } from '../../../src/sources/cri/cri-line-decoder.js';
import { parseCriRecord } from '../../../src/sources/cri/cri-record.js';
import { dockerJsonTime } from '../../../src/sources/cri/docker-json-time.js';
import { podFromPath } from '../../../src/sources/cri/pod-from-path.js';
import type { LogLine } from '../../../src/types.js';

const POD_PATH = '/var/log/pods/train_vllm-0_6f1c2a34-8b1e-4d2f-9a77-0123456789ab/worker/0.log';
const T1 = '2026-12-05T07:10:13.123456789Z';

describe('parseCriRecord', () => {
  it.each([
    [`${T1} stdout F hello world`, { time: Date.UTC(2026, 11, 5, 7, 10, 13, 123), stream: 'stdout', partial: false, message: 'hello world' }],
    [`${T1} stderr P first half`, { time: Date.UTC(2026, 11, 5, 7, 10, 13, 123), stream: 'stderr', partial: true, message: 'first half' }],
    ['2026-12-05T15:10:13.5+08:00 stdout F zoned', { time: Date.UTC(2026, 11, 5, 7, 10, 13, 500), stream: 'stdout', partial: false, message: 'zoned' }],
    [`${T1} stdout F`, { time: Date.UTC(2026, 11, 5, 7, 10, 13, 123), stream: 'stdout', partial: false, message: '' }],
  ])('%s', (text, expected) => {
    expect(parseCriRecord(text)).toEqual(expected);
  });

  it.each([
    'plain text line',
    '2026-12-05 07:10:13 stdout F not iso',
    `${T1} stdin F wrong stream`,
    `${T1} stdout X wrong tag`,
    `${T1} stdout Fx glued`,
    'notadate-12-05T07:10:13Z stdout F x',
    '{"log":"x\\n","stream":"stdout","time":"2026-12-05T07:10:13Z"}',
  ])('not a CRI record: %s', (text) => {
    expect(parseCriRecord(text)).toBeUndefined();
  });
});

describe('podFromPath', () => {
  it.each([
    [POD_PATH, { namespace: 'train', pod: 'vllm-0', container: 'worker' }],
    [`${POD_PATH}.20261205-071013`, { namespace: 'train', pod: 'vllm-0', container: 'worker' }],
    ['/host/var/log/pods/kube-system_coredns-7db6d8ff4d-x2x9z_0b3c9a1e-1111-2222-3333-444455556666/coredns/12.log.gz', { namespace: 'kube-system', pod: 'coredns-7db6d8ff4d-x2x9z', container: 'coredns' }],
    [`/var/log/containers/vllm-0_train_worker-${'a1'.repeat(32)}.log`, { namespace: 'train', pod: 'vllm-0', container: 'worker' }],
  ])('%s', (path, expected) => {
    expect(podFromPath(path)).toEqual(expected);
  });

  it.each(['/var/log/npu/slog/device-0/device-0_1.log', '/var/log/pods/readme.txt', '/var/log/pods/a_b_c/d/0.log', '-'])('no pod: %s', (path) => {
    expect(podFromPath(path)).toBeUndefined();
  });
});

function decode(texts: readonly string[], maxLineBytes = 64, path = POD_PATH): LogLine[] {
  const out: LogLine[] = [];
  const decoder = new CriLineDecoder(maxLineBytes, (l) => out.push(l));
  texts.forEach((text, i) => decoder.push({ source: 'pods', path, lineNo: i + 1, text, truncated: false }));
  decoder.flush('pods');
  return out;
}

describe('CriLineDecoder', () => {
  const pod = { namespace: 'train', pod: 'vllm-0', container: 'worker' };

  it('strips the prefix, takes the record time and the pod', () => {
    expect(decode([`${T1} stdout F error code is 161002`])).toEqual([
      { source: 'pods', path: POD_PATH, lineNo: 1, text: 'error code is 161002', truncated: false, anchored: false, time: Date.UTC(2026, 11, 5, 7, 10, 13, 123), pod },
    ]);
  });

  it('keeps `anchored` only on lines whose text it passes through unchanged (the reader searched that text)', () => {
    const out: LogLine[] = [];
    const decoder = new CriLineDecoder(64, (l) => out.push(l));
    const texts = [`${T1} stdout F error code is 161002`, `${T1} stdout P error code `, `${T1} stdout F is 161002`, 'error code is 161002', '{"log":"error code is 161002\\n","time":"2026-12-05T07:10:13Z"}'];
    texts.forEach((text, i) => decoder.push({ source: 'pods', path: POD_PATH, lineNo: i + 1, text, truncated: false, anchored: true }));
    decoder.flush('pods');
    expect(out.map((l) => [l.lineNo, l.anchored])).toEqual([[1, false], [2, false], [4, true], [5, true]]);
  });

  it('joins partial records per stream, numbered by their first line, timed by the last', () => {
    const lines = decode([
      `${T1} stdout P call aclnnAdd `,
      '2026-12-05T07:10:14Z stderr F interleaved',
      `${T1} stdout P failed, error `,
      '2026-12-05T07:10:15Z stdout F code is 161002',
    ]);
    expect(lines.map((l) => [l.lineNo, l.text, l.time])).toEqual([
      [2, 'interleaved', Date.UTC(2026, 11, 5, 7, 10, 14)],
      [1, 'call aclnnAdd failed, error code is 161002', Date.UTC(2026, 11, 5, 7, 10, 15)],
    ]);
  });

  it('caps a joined record at the line cap and flags it', () => {
    const lines = decode([`${T1} stdout P ${'a'.repeat(40)}`, `${T1} stdout P ${'b'.repeat(40)}`, `${T1} stdout F ${'c'.repeat(40)}`], 64);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.text).toBe(`${'a'.repeat(40)}${'b'.repeat(24)}`);
    expect(lines[0]?.truncated).toBe(true);
  });

  it('delivers a partial record whose end never came at flush', () => {
    expect(decode([`${T1} stdout P unfinished`]).map((l) => [l.lineNo, l.text, l.pod])).toEqual([[1, 'unfinished', pod]]);
  });

  it('passes other lines through, with the pod when the path names one (and a json-file record its time)', () => {
    const docker = '{"log":"x\\n","stream":"stdout","time":"2026-12-05T07:10:13Z"}';
    expect(decode(['plain', docker])).toEqual([
      { source: 'pods', path: POD_PATH, lineNo: 1, text: 'plain', truncated: false, pod },
      { source: 'pods', path: POD_PATH, lineNo: 2, text: docker, truncated: false, time: Date.UTC(2026, 11, 5, 7, 10, 13), pod },
    ]);
    expect(decode(['plain'], 64, '/var/log/app.log')).toEqual([{ source: 'pods', path: '/var/log/app.log', lineNo: 1, text: 'plain', truncated: false }]);
  });
});

// Docker json-file records as Docker writes them. Verbatim from public text found with the search tools: a
// SparkPi driver's json-file log quoted in a GitHub document about Spark on Kubernetes (v2.2.0-kubernetes-0.5.0,
// 2018), and kube-apiserver/kube-scheduler json-file lines quoted in a Chinese write-up of Kubernetes logs (2020).
const SPARK_ID = '{"log":"++ id -u\\n","stream":"stderr","time":"2018-03-09T03:17:06.739189441Z"}';
const SPARK_GETENT = '{"log":"++ getent passwd 0\\n","stream":"stderr","time":"2018-03-09T03:17:06.75984516Z"}';
const SPARK_INFO = '{"log":"2018-03-09 03:17:09 INFO  SparkContext:54 - Running Spark version 2.2.0-k8s-0.5.0\\n","stream":"stdout","time":"2018-03-09T03:17:09.384639705Z"}';
const SCHEDULER = '{"log":"I0324 03:42:44.776169       1 scheduler.go:751] pod default/nginx-deploy-78bc8876dd-8j29k is bound successfully on node \\"hl\\", 1 nodes evaluated, 1 nodes were found feasible.\\n","stream":"stderr","time":"2020-03-24T03:42:44.77738641Z"}';

describe('dockerJsonTime', () => {
  it.each([
    [SPARK_ID, Date.UTC(2018, 2, 9, 3, 17, 6, 739)],
    [SPARK_GETENT, Date.UTC(2018, 2, 9, 3, 17, 6, 759)],
    [SPARK_INFO, Date.UTC(2018, 2, 9, 3, 17, 9, 384)],
    [SCHEDULER, Date.UTC(2020, 2, 24, 3, 42, 44, 777)],
    [`${SPARK_ID}\r`, Date.UTC(2018, 2, 9, 3, 17, 6, 739)],
    ['{"log":"x\\n","stream":"stdout","time":"2026-12-05T15:10:13.5+08:00"}', Date.UTC(2026, 11, 5, 7, 10, 13, 500)],
  ])('%s', (text, expected) => {
    expect(dockerJsonTime(text)).toBe(expected);
  });

  it.each([
    ['a plain line', 'INFO worker started'],
    ['a CRI record', `${T1} stdout F hello`],
    ['JSON that is not a json-file record', '{"msg":"x","time":"2026-12-05T07:10:13Z"}'],
    ['a record cut at the line cap (its time is lost with its end)', SPARK_INFO.slice(0, 60)],
    ['a time that is not RFC3339', '{"log":"x\\n","stream":"stdout","time":"yesterday"}'],
    ['a "time" only inside the log text', '{"log":"\\"time\\":\\"2026-12-05T07:10:13Z\\"\\n","stream":"stdout"}'],
  ])('no time: %s', (_what, text) => {
    expect(dockerJsonTime(text)).toBeUndefined();
  });

  it('the decoder gives a json-file line its record time and its pod, text unchanged for the extract stage', () => {
    expect(decode([SPARK_INFO], 64 * 1024)).toEqual([
      { source: 'pods', path: POD_PATH, lineNo: 1, text: SPARK_INFO, truncated: false, time: Date.UTC(2018, 2, 9, 3, 17, 9, 384), pod: { namespace: 'train', pod: 'vllm-0', container: 'worker' } },
    ]);
    expect(decode([SPARK_INFO], 64 * 1024, '/var/lib/docker/containers/abc/abc-json.log')).toEqual([
      { source: 'pods', path: '/var/lib/docker/containers/abc/abc-json.log', lineNo: 1, text: SPARK_INFO, truncated: false, time: Date.UTC(2018, 2, 9, 3, 17, 9, 384) },
    ]);
  });
});
