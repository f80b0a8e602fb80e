import { describe, expect, it } from 'vitest';
import { LoadErrors } from '../../src/load/load-error.js';
import type { PositionRecord } from '../../src/sources/files/positions-file.js';
import { StatusRecorder } from '../../src/status/status-recorder.js';
import { bundledKnowledge, codeEvent, position, TestClock } from './status-fixtures.js';

describe('StatusRecorder events', () => {
  it('counts per family, code and class, with first and last seen times and totals per class', () => {
    const clock = new TestClock(100);
    const r = new StatusRecorder({ sources: ['device'], samples: true, now: clock.now });
    r.recordEvent(codeEvent());
    clock.t = 200;
    r.recordEvent(codeEvent());
    r.recordEvent(codeEvent({ family: 'huawei-cloud', code: 'APIG.0308', name: '', class: 'retryable' }));
    r.recordEvent(codeEvent({ code: '161999', name: '', class: 'unknown' }));
    expect([...r.codes.values()].map(({ sources, recent, ...t }) => ({ ...t, sources: [...sources], recent: recent.toArray().map((e) => e.at) }))).toEqual([
      { family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', class: 'fatal', count: 2, firstSeenAt: 100, lastSeenAt: 200, firstLoggedAt: undefined, lastLoggedAt: undefined, sources: ['device'], recent: [100, 200] },
      { family: 'huawei-cloud', code: 'APIG.0308', name: '', class: 'retryable', count: 1, firstSeenAt: 200, lastSeenAt: 200, firstLoggedAt: undefined, lastLoggedAt: undefined, sources: ['device'], recent: [200] },
      { family: 'aclnn', code: '161999', name: '', class: 'unknown', count: 1, firstSeenAt: 200, lastSeenAt: 200, firstLoggedAt: undefined, lastLoggedAt: undefined, sources: ['device'], recent: [200] },
    ]);
    expect(r.totals).toEqual({ fatal: 2, retryable: 1, unknown: 1, success: 0 });
  });

  it('keeps per code the times the lines carried (earliest and latest, not arrival order), its sources and its last events', () => {
    const r = new StatusRecorder({ sources: ['a', 'b'], samples: true, recentPerCode: 2 });
    r.recordEvent(codeEvent({ timestamp: 5_000, source: 'a', lineNo: 1 }));
    r.recordEvent(codeEvent({ timestamp: 3_000, source: 'b', lineNo: 2 }));
    r.recordEvent(codeEvent({ source: 'a', lineNo: 3 }));
    const t = r.codes.get('aclnn\u0000161002\u0000fatal');
    expect([t?.firstLoggedAt, t?.lastLoggedAt, [...(t?.sources ?? [])], t?.recent.toArray().map((e) => [e.lineNo, e.timestamp])]).toEqual([
      3_000, 5_000, ['a', 'b'], [[2, 3_000], [3, undefined]],
    ]);
  });

  it('tallies at most maxCodes rows; further codes are only counted as omitted', () => {
    const r = new StatusRecorder({ sources: ['device'], samples: true, maxCodes: 3 });
    for (let i = 0; i < 10; i++) r.recordEvent(codeEvent({ code: String(170000 + i), class: 'unknown' }));
    r.recordEvent(codeEvent({ code: '170001', class: 'unknown' }));
    expect([r.codes.size, r.codesOmitted, r.codes.get('aclnn\u0000170001\u0000unknown')?.count]).toEqual([3, 7, 2]);
  });

  it('keeps the last 50 fatal events, lines cut to 512 characters plus one that marks the cut', () => {
    const r = new StatusRecorder({ sources: ['device'], samples: true });
    for (let i = 1; i <= 120; i++) r.recordEvent(codeEvent({ lineNo: i, line: `${i} ${'x'.repeat(1000)}` }));
    r.recordEvent(codeEvent({ class: 'retryable', lineNo: 999 }));
    const kept = r.fatal.toArray();
    expect([kept.length, kept[0].lineNo, kept[49].lineNo, r.fatal.pushed]).toEqual([50, 71, 120, 120]);
    expect(kept.map((k) => k.line?.length)).toEqual(Array(50).fill(513));
  });

  it('keeps no line text at all when samples are off', () => {
    const r = new StatusRecorder({ sources: ['device'], samples: false, now: () => 5 });
    r.recordEvent(codeEvent({ line: 'password=hunter2 error code is 161002', timestamp: 42 }));
    expect(r.fatal.toArray()).toEqual([
      { at: 5, timestamp: 42, family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', source: 'device', path: '/var/log/a.log', lineNo: 7 },
    ]);
  });
});

describe('StatusRecorder sources and knowledge', () => {
  it('keeps what the sources report, per source', () => {
    const clock = new TestClock(1000);
    const r = new StatusRecorder({ sources: ['device', 'stdin'], samples: true, now: clock.now });
    r.linesRead('device', 3, 300);
    clock.t = 1500;
    r.linesRead('device', 2, 100);
    r.linesDropped('device', 'truncated', 2);
    r.linesDropped('device', 'invalid_utf8', 1);
    r.rotation('device', 'rename');
    r.rotation('device', 'truncate');
    r.filesWatched('device', 4);
    r.checkpointWritten(true);
    clock.t = 1600;
    r.checkpointWritten(false);
    expect(Object.fromEntries(r.activity)).toEqual({
      device: { linesRead: 5, bytesRead: 400, lastReadAt: 1500, filesOpen: 4, dropped: { truncated: 2, invalid_utf8: 1, read_error: 0, malformed: 0 }, rotations: 2 },
      stdin: { linesRead: 0, bytesRead: 0, lastReadAt: null, filesOpen: 0, dropped: { truncated: 0, invalid_utf8: 0, read_error: 0, malformed: 0 }, rotations: 0 },
    });
    expect(r.checkpointState()).toEqual({ lastAt: 1600, lastOk: false, failures: 1 });
  });

  it('records start-up, a failed reload (old knowledge stays) and a successful one', () => {
    const clock = new TestClock(10);
    const knowledge = bundledKnowledge();
    const r = new StatusRecorder({ sources: [], samples: true, now: clock.now });
    r.knowledgeLoaded(knowledge);
    clock.t = 20;
    const problems = Array.from({ length: 25 }, (_, i) => ({ file: '/etc/rules/aclnn.yaml', line: i + 1, col: 3, message: 'bad pattern' }));
    r.knowledgeFailed(new LoadErrors(problems));
    const failed = r.knowledgeState();
    expect([failed.knowledge, failed.loadedAt, failed.lastLoad.ok, failed.lastLoad.at, failed.lastLoad.problemCount, failed.lastLoad.problems.length, failed.reloads])
      .toEqual([knowledge, 10, false, 20, 25, 20, { succeeded: 0, failed: 1 }]);
    expect(failed.lastLoad.problems[0]).toBe('/etc/rules/aclnn.yaml:1:3 bad pattern');
    clock.t = 30;
    r.knowledgeLoaded(knowledge);
    expect(r.knowledgeState()).toEqual({ knowledge, loadedAt: 30, lastLoad: { ok: true, at: 30, problems: [], problemCount: 0 }, reloads: { succeeded: 1, failed: 1 } });
  });
});

describe('StatusRecorder file read times', () => {
  function setup(): { r: StatusRecorder; clock: TestClock; files: PositionRecord[] } {
    const clock = new TestClock(1000);
    const files: PositionRecord[] = [];
    const r = new StatusRecorder({ sources: ['device'], samples: true, now: clock.now, positions: () => files, observeEveryMs: 1000 });
    return { r, clock, files };
  }

  it('has no read time for a file until its position moves, then dates the move at its source\'s last read', () => {
    const { r, clock, files } = setup();
    files.push(position({ offset: 500, line: 5 }));
    expect(r.observeFiles().map((f) => f.lastReadAt)).toEqual([null]);
    clock.t = 1200;
    r.linesRead('device', 1, 50); // within a second of the last look: no look now
    files[0] = position({ offset: 550, line: 6 });
    clock.t = 1300;
    expect(r.observeFiles().map((f) => f.lastReadAt)).toEqual([1200]);
    clock.t = 5000;
    expect(r.observeFiles().map((f) => f.lastReadAt)).toEqual([1200]);
  });

  it('never looks at the sources\' positions from linesRead (the hot path); attachStatus looks on a timer', () => {
    const clock = new TestClock(1000);
    let looks = 0;
    const counted = new StatusRecorder({ sources: ['device'], samples: true, now: clock.now, positions: () => (looks++, []), observeEveryMs: 1000 });
    for (let t = 1000; t < 4000; t += 100) {
      clock.t = t;
      counted.linesRead('device', 1, 10);
    }
    expect(looks).toBe(0);
  });

  it('dates a file that appeared after the first look with data read already; one at offset 0 stays unread; vanished ones are forgotten', () => {
    const { r, clock, files } = setup();
    r.observeFiles();
    clock.t = 2000;
    r.linesRead('device', 2, 100);
    files.push(position({ ino: 11, path: '/var/log/new.log', offset: 100, line: 2 }), position({ ino: 12, path: '/var/log/empty.log' }));
    clock.t = 2100;
    expect(r.observeFiles().map((f) => [f.position.path, f.lastReadAt])).toEqual([['/var/log/new.log', 2000], ['/var/log/empty.log', null]]);
    files.splice(0, 1);
    r.observeFiles();
    files.push(position({ ino: 11, path: '/var/log/new.log', offset: 100, line: 2 }));
    clock.t = 2200;
    // Back after being forgotten: seen as new, dated at the source's last read again.
    expect(r.observeFiles().map((f) => [f.position.path, f.lastReadAt])).toEqual([['/var/log/empty.log', null], ['/var/log/new.log', 2000]]);
  });
});

describe('StatusRecorder reload history', () => {
  const outcome = (over: Partial<Parameters<StatusRecorder['reloaded']>[0]> = {}): Parameters<StatusRecorder['reloaded']>[0] => ({
    kind: 'rules', ok: true, at: 1_000, trigger: 'file', problems: [], notes: [], restartRequired: [], ...over,
  });

  it('keeps the last 20 reloads, at most 5 problems each with how many there were, and the pending restart of the last config reload', () => {
    const r = new StatusRecorder({ sources: ['device'], samples: true });
    const problems = Array.from({ length: 7 }, (_, i) => ({ file: '/r/aclnn.yaml', line: i + 1, col: 3, message: 'bad' }));
    r.reloaded(outcome({ kind: 'config', restartRequired: ['rotate_wait (5000ms -> 300ms)'], notes: ['Input b started.'] }));
    r.reloaded(outcome({ ok: false, at: 2_000, problems }));
    expect(r.reloads.toArray()).toEqual([
      { at: 1_000, kind: 'config', trigger: 'file', ok: true, problems: [], problemCount: 0, notes: ['Input b started.'] },
      { at: 2_000, kind: 'rules', trigger: 'file', ok: false, problems: problems.slice(0, 5).map((p) => `/r/aclnn.yaml:${p.line}:3 bad`), problemCount: 7, notes: [] },
    ]);
    expect(r.restartRequired).toEqual(['rotate_wait (5000ms -> 300ms)']);
    r.reloaded(outcome({ kind: 'config', ok: false, problems: problems.slice(0, 1) }));
    expect(r.restartRequired).toEqual(['rotate_wait (5000ms -> 300ms)']); // a failed config reload changed nothing
    r.reloaded(outcome({ kind: 'config' }));
    expect(r.restartRequired).toEqual([]);
    for (let i = 0; i < 30; i++) r.reloaded(outcome({ at: 10_000 + i, trigger: 'signal' }));
    expect([r.reloads.toArray().length, r.reloads.toArray()[0].at, r.reloads.toArray()[19].at]).toEqual([20, 10_010, 10_029]);
  });
});
