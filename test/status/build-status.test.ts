import { describe, expect, it } from 'vitest';
import type { FileSize, StatusInput } from '../../src/status/build-status.js';
import { buildStatus } from '../../src/status/build-status.js';
import type { CodeTally, FatalRecord, ObservedFile, SourceActivity } from '../../src/status/status-recorder.js';
import { RingBuffer } from '../../src/status/ring-buffer.js';
import { bundledKnowledge, position } from './status-fixtures.js';

const knowledge = bundledKnowledge();
const NO_DROPS = { truncated: 0, invalid_utf8: 0, read_error: 0, malformed: 0 };

function input(overrides: Partial<StatusInput> = {}): StatusInput {
  return {
    now: 10_000, startedAt: 1_000, version: '9.9.9', refreshMs: 3000, samples: true,
    load: { knowledge, loadedAt: 1_000, lastLoad: { ok: true, at: 1_000, problems: [], problemCount: 0 }, reloads: { succeeded: 0, failed: 0 } },
    inputs: [{ name: 'device', kind: 'files', include: ['/var/log/*.log'] }],
    activity: new Map(), files: [], sizes: new Map(), checkpoint: { lastAt: null, lastOk: null, failures: 0 },
    totals: { fatal: 0, retryable: 0, unknown: 0, success: 0 }, codes: [], codesOmitted: 0, fatal: [],
    ...overrides,
  };
}

const tally = (t: Partial<CodeTally> & Pick<CodeTally, 'family' | 'code' | 'class' | 'count'>): CodeTally => ({
  name: '', firstSeenAt: 1, lastSeenAt: 2, firstLoggedAt: undefined, lastLoggedAt: undefined, sources: new Set(['device']), recent: new RingBuffer(5), ...t,
});
const fatal = (lineNo: number, line?: string): FatalRecord => ({
  at: 5000 + lineNo, family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', source: 'device', path: '/var/log/a.log', lineNo, ...(line === undefined ? {} : { line }),
});
const observed = (p: Partial<ObservedFile['position']>, lastReadAt: number | null = null): ObservedFile => ({ position: position(p), lastReadAt });

describe('buildStatus codes', () => {
  const aclnn = knowledge.catalog.lookup('aclnn', '161002');
  const apig = knowledge.catalog.lookup('huawei-cloud', 'APIG.0308');

  it('carries the MindCluster level on rows whose entry has one, and no level field elsewhere', () => {
    const s = buildStatus(input({
      codes: [
        tally({ family: 'npu-fault', code: '0x80E01801', class: 'fatal', count: 2 }),
        tally({ family: 'npu-fault', code: '0x80C78008', class: 'unknown', count: 1 }),
        tally({ family: 'aclnn', code: '161002', class: 'fatal', count: 1 }),
      ],
    }));
    expect(s.codes.map((c) => [c.code, c.level])).toEqual([['0x80E01801', 'RestartBusiness'], ['161002', undefined], ['0x80C78008', undefined]]);
    expect(s.codes.filter((c) => 'level' in c).map((c) => c.code)).toEqual(['0x80E01801']);
  });

  it('lists fatal first, then unknown, retryable; by count within a class; meaning and remedy from the catalog', () => {
    const s = buildStatus(input({
      codes: [
        tally({ family: 'huawei-cloud', code: 'APIG.0308', class: 'retryable', count: 9 }),
        tally({ family: 'aclnn', code: '161999', class: 'unknown', count: 2 }),
        tally({ family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', class: 'fatal', count: 1 }),
        tally({ family: 'llm-datadist', code: '0x5010B001', name: 'LLM_WAIT_PROC_TIMEOUT', class: 'fatal', count: 3 }),
      ],
    }));
    expect(s.codes.map((c) => `${c.class} ${c.family} ${c.code} ${c.count}`)).toEqual([
      'fatal llm-datadist 0x5010B001 3', 'fatal aclnn 161002 1', 'unknown aclnn 161999 2', 'retryable huawei-cloud APIG.0308 9',
    ]);
    const byCode = new Map(s.codes.map((c) => [c.code, c]));
    expect([byCode.get('161002')?.message, byCode.get('161002')?.remedy]).toEqual([aclnn?.message.en, aclnn?.remedy.en]);
    expect([byCode.get('APIG.0308')?.message, byCode.get('APIG.0308')?.remedy]).toEqual([apig?.message.en || apig?.message.zh, apig?.remedy.en || apig?.remedy.zh]);
    expect([byCode.get('161999')?.message, byCode.get('161999')?.remedy]).toEqual(['', '']);
    expect(aclnn?.remedy.en.length).toBeGreaterThan(0);
  });

  it('makes a code value from a log line displayable', () => {
    const s = buildStatus(input({ codes: [tally({ family: 'aclnn', code: '16\u001b[0m', class: 'unknown', count: 1 })] }));
    expect(s.codes[0].code).toBe('16\u241b[0m');
  });
});

describe('buildStatus fatal events', () => {
  it.each([
    ['samples on: newest first, lines sanitized, cut lines flagged', true, [fatal(1, 'a<b>\u001b'), fatal(2, 'y'.repeat(513))],
      [{ lineNo: 2, line: 'y'.repeat(512), lineTruncated: true }, { lineNo: 1, line: 'a<b>\u241b', lineTruncated: false }]],
    ['samples off: no line even if one was recorded', false, [fatal(1, 'password=hunter2'), fatal(2)], [{ lineNo: 2 }, { lineNo: 1 }]],
    ['samples on, event without a line', true, [fatal(3)], [{ lineNo: 3 }]],
  ])('%s', (_why, samples, records, expected) => {
    const s = buildStatus(input({ samples, fatal: records }));
    expect(s.fatalEvents.map((e) => ({ lineNo: e.lineNo, ...(e.line === undefined ? {} : { line: e.line, lineTruncated: e.lineTruncated }) }))).toEqual(expected);
    if (!samples) expect(JSON.stringify(s)).not.toContain('hunter2');
  });

  it('carries time, code, name and place of each event', () => {
    const s = buildStatus(input({ fatal: [{ ...fatal(4, 'x'), timestamp: 1234 }] }));
    expect(s.fatalEvents).toEqual([{
      at: 5004, timestamp: 1234, family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', source: 'device', path: '/var/log/a.log', lineNo: 4, line: 'x', lineTruncated: false,
    }]);
  });
});

describe('buildStatus inputs and files', () => {
  const activity = new Map<string, SourceActivity>([['device', { linesRead: 12, bytesRead: 1200, lastReadAt: 9000, filesOpen: 3, dropped: { ...NO_DROPS, truncated: 1 }, rotations: 2 }]]);
  const files = [
    observed({ ino: 2, path: '/var/log/b.log', offset: 100, line: 3 }, 9000),
    observed({ ino: 1, path: '/var/log/a.log', offset: 50, line: 1 }),
    observed({ ino: 3, path: '/var/log/gone.log', offset: 70, line: 2 }),
    observed({ ino: 4, source: 'app', path: '/srv/app.log', offset: 0 }),
  ];
  const sizes = new Map<string, FileSize>([
    ['/var/log/a.log', { size: 50, modifiedAt: 800 }],
    ['/var/log/b.log', { size: 400, modifiedAt: 9500 }],
    ['/srv/app.log', { size: 10, modifiedAt: 700 }],
  ]);

  it('sorts files by input and path, with lag from the size now (null when the file cannot be looked at)', () => {
    const s = buildStatus(input({ files, sizes, activity }));
    expect(s.files.map((f) => [f.source, f.path, f.offset, f.size, f.lag, f.lastReadAt])).toEqual([
      ['app', '/srv/app.log', 0, 10, 10, null],
      ['device', '/var/log/a.log', 50, 50, 0, null],
      ['device', '/var/log/b.log', 100, 400, 300, 9000],
      ['device', '/var/log/gone.log', 70, null, null, null],
    ]);
    expect(s.filesOmitted).toBe(0);
  });

  it('sums each input\'s lag over its files and reports its reads; an input never read shows zeros', () => {
    const s = buildStatus(input({
      files, sizes, activity,
      inputs: [{ name: 'device', kind: 'files', include: ['/var/log/*.log'] }, { name: 'stdin', kind: 'stdin', include: [] }],
    }));
    expect(s.inputs).toEqual([
      { name: 'device', kind: 'files', include: ['/var/log/*.log'], filesOpen: 3, linesRead: 12, bytesRead: 1200, bytesBehind: 300, lastReadAt: 9000, dropped: { ...NO_DROPS, truncated: 1 }, rotations: 2 },
      { name: 'stdin', kind: 'stdin', include: [], filesOpen: 0, linesRead: 0, bytesRead: 0, bytesBehind: 0, lastReadAt: null, dropped: NO_DROPS, rotations: 0 },
    ]);
  });

  it('lists at most maxFiles files and says how many more there are', () => {
    const s = buildStatus(input({ files, sizes, maxFiles: 2 }));
    expect([s.files.map((f) => f.path), s.filesOmitted]).toEqual([['/srv/app.log', '/var/log/a.log'], 2]);
  });
});

describe('buildStatus knowledge', () => {
  it('shows versions of every catalog and rule file and the last load', () => {
    const s = buildStatus(input());
    expect(s.knowledge.version).toBe(knowledge.version);
    expect(s.knowledge.catalogs.map((c) => [c.family, c.entries])).toEqual(knowledge.catalog.families.map((f) => [f.id, knowledge.catalog.entries(f.id).length]));
    expect(s.knowledge.catalogs.map((c) => c.family)).toEqual(['acl-runtime', 'aclnn', 'cann-errmsg', 'core-vision', 'huawei-cloud', 'llm-datadist', 'npu-fault', 'speech-sdk']);
    expect(s.knowledge.ruleFiles.map((f) => [f.family, f.version])).toEqual(knowledge.rules.files.map((f) => [f.family, f.version]));
    expect([s.knowledge.rulesVersion, s.knowledge.lastLoad]).toEqual([knowledge.rules.version, { ok: true, at: 1000, problems: [], problemsOmitted: 0 }]);
  });

  it('shows a failed reload with its first 20 problems and how many more', () => {
    const problems = Array.from({ length: 20 }, (_, i) => `/etc/rules/x.yaml:${i + 1}:1 bad`);
    const s = buildStatus(input({
      load: { knowledge, loadedAt: 1000, lastLoad: { ok: false, at: 8000, problems, problemCount: 31 }, reloads: { succeeded: 1, failed: 2 } },
    }));
    expect([s.knowledge.lastLoad.ok, s.knowledge.lastLoad.at, s.knowledge.lastLoad.problems.length, s.knowledge.lastLoad.problemsOmitted, s.knowledge.reloads])
      .toEqual([false, 8000, 20, 11, { succeeded: 1, failed: 2 }]);
  });

  it('lists reloads newest first with their problems and notes made displayable, and the settings waiting for a restart', () => {
    const s = buildStatus(input({
      reloads: [
        { at: 1000, kind: 'config', trigger: 'file', ok: true, problems: [], problemCount: 0, notes: ['Input b started.'] },
        { at: 2000, kind: 'rules', trigger: 'signal', ok: false, problems: ['/r/a.yaml:1:1 bad\u001b[31m'], problemCount: 9, notes: [] },
      ],
      restartRequired: ['web.listen_address (unset -> ":9")'],
    }));
    expect(s.knowledge.history).toEqual([
      { at: 2000, kind: 'rules', trigger: 'signal', ok: false, problems: ['/r/a.yaml:1:1 bad\u241b[31m'], problemsOmitted: 8, notes: [] },
      { at: 1000, kind: 'config', trigger: 'file', ok: true, problems: [], problemsOmitted: 0, notes: ['Input b started.'] },
    ]);
    expect(s.knowledge.restartRequired).toEqual(['web.listen_address (unset -> ":9")']);
    expect([buildStatus(input()).knowledge.history, buildStatus(input()).knowledge.restartRequired]).toEqual([[], []]);
  });
});
