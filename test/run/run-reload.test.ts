// Hot reload end to end: the built CLI follows real files while this test rewrites its rules, catalogs and
// run config (editor-style rename-into-place saves, seen by the watcher, no signal). Exact counts from
// --events and /metrics; positions of problems from stderr; reload history from /api/status.
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePositions } from '../../src/sources/files/positions-file.js';
import { waitFor } from '../sources/test-helpers.js';
import { BAD_PATTERN, codeLine, ERRNO_RULE, errnoLine, ReloadScenario, ruleFile } from './reload-scenario.js';
import { range, sorted } from './run-process.js';

const lines = (from: number, to: number, line: (seq: number) => string = codeLine): string => range(from, to).map((n) => `${line(n)}\n`).join('');

/** Appends code lines to `path` in small batches until stopped: a steady writer, not a burst. */
function steadyWriter(path: string, firstSeq: number): { readonly last: () => number; stop(): Promise<void> } {
  let seq = firstSeq - 1;
  let writing = true;
  const done = (async () => {
    const fd = openSync(path, 'a');
    while (writing) {
      for (let i = 0; i < 10; i++) writeSync(fd, `${codeLine(++seq)}\n`);
      await new Promise((r) => setTimeout(r, 5));
    }
    closeSync(fd);
  })();
  return { last: () => seq, stop: async () => { writing = false; await done; } };
}

describe('run hot reload (real process, real files)', () => {
  let s: ReloadScenario;
  beforeEach(() => {
    s = new ReloadScenario();
  });
  afterEach(async () => {
    if (s.run !== undefined) await s.run.signal('SIGKILL');
    s.cleanup();
  });
  const rulesFile = (): string => join(s.rulesDir, 'aclnn.yaml');

  it('counts every line exactly once while the rules are rewritten twice under steady writes; 2 reloads succeed', async () => {
    const log = s.log('a.log');
    writeFileSync(log, '');
    const run = await s.start(s.config({ a: log }));
    const writer = steadyWriter(log, 1);
    await run.waitForEvents(200);
    s.save(rulesFile(), ruleFile({ revision: 1 }));
    await s.waitForValue('errcode_config_loads_total', { kind: 'rules', result: 'success' }, 2);
    await run.waitForEvents(writer.last() + 100); // the writer is still going after the first reload
    s.save(rulesFile(), ruleFile({ revision: 2 }));
    await s.waitForValue('errcode_config_loads_total', { kind: 'rules', result: 'success' }, 3);
    await run.waitForEvents(writer.last() + 100);
    await writer.stop();
    const written = writer.last();
    await run.waitForEvents(written);
    await s.waitForValue('errcode_events_total', { code: '161002', source: 'a' }, written);

    expect(sorted(run.seqs())).toEqual(range(1, written));
    expect(run.events.length).toBe(written);
    expect([await s.loads('rules', 'success'), await s.loads('rules', 'failure'), await s.loads('catalog', 'success')]).toEqual([3, 0, 1]);
    const history = (await s.status()).knowledge.history;
    expect(history.map((h) => [h.kind, h.ok, h.trigger])).toEqual([['rules', true, 'file'], ['rules', true, 'file']]);
    expect(run.stderr.match(/Reloaded the rules \(version \w+\)\./g)).toHaveLength(2);
    expect(run.stderr).toContain('The rules changed on disk; reloading.');
  });

  it('keeps the old rules matching after a rule file with a bad regex, logs it at file:line:col and counts the failure', async () => {
    const log = s.log('a.log');
    writeFileSync(log, '');
    const run = await s.start(s.config({ a: log }));
    appendFileSync(log, lines(1, 10));
    await run.waitForEvents(10);

    s.save(rulesFile(), ruleFile({ badPattern: true }));
    await s.waitForValue('errcode_config_loads_total', { kind: 'rules', result: 'failure' }, 1);
    expect(run.stderr).toContain(`${rulesFile()}:${BAD_PATTERN.line}:${BAD_PATTERN.col} pattern: group "(" is never closed`);
    expect(run.stderr).toMatch(/Reloading the rules failed; the ones in use stay as they were\. 1 problem:/);
    appendFileSync(log, lines(11, 30));
    await run.waitForEvents(30);
    await s.waitForValue('errcode_events_total', { code: '161002', source: 'a' }, 30);
    expect(await s.value('errcode_config_last_load_successful', { kind: 'rules' })).toBe(0);
    const status = await s.status();
    expect([status.knowledge.lastLoad.ok, status.knowledge.history[0].ok, status.knowledge.history[0].problems[0]])
      .toEqual([false, false, `${rulesFile()}:${BAD_PATTERN.line}:${BAD_PATTERN.col} pattern: group "(" is never closed`]);

    s.save(rulesFile(), ruleFile({ revision: 3 }));
    await s.waitForValue('errcode_config_loads_total', { kind: 'rules', result: 'success' }, 2);
    expect(await s.value('errcode_config_last_load_successful', { kind: 'rules' })).toBe(1);
    expect(sorted(run.seqs())).toEqual(range(1, 30));
  });

  it('keeps the old catalog after one with a duplicate code, logs it at file:line:col and counts the failure', async () => {
    const log = s.log('a.log');
    writeFileSync(log, '');
    const run = await s.start(s.config({ a: log }));
    appendFileSync(log, lines(1, 5));
    await run.waitForEvents(5);

    const original = s.readCatalog('aclnn');
    const entry = /^ {2}- code: "161002"\n(?: {4}.*\n)+/m.exec(original)?.[0] ?? '';
    expect(entry).toContain('ACLNN_ERR_PARAM_INVALID');
    const duplicateLine = original.split('\n').length; // the appended entry's first line
    const catalogFile = join(s.catalogDir, 'aclnn.yaml');
    s.save(catalogFile, original + entry);
    await s.waitForValue('errcode_config_loads_total', { kind: 'catalog', result: 'failure' }, 1);
    expect(run.stderr).toMatch(new RegExp(`${catalogFile.replace(/[.\\/]/g, '\\$&')}:${duplicateLine}:\\d+ duplicate code "161002"`));
    appendFileSync(log, lines(6, 10));
    await run.waitForEvents(10);
    await s.waitForValue('errcode_events_total', { code: '161002', class: 'fatal', name: 'ACLNN_ERR_PARAM_INVALID', source: 'a' }, 10);
    expect(run.events.every((e) => e.name === 'ACLNN_ERR_PARAM_INVALID' && e.class === 'fatal')).toBe(true);
    expect([await s.loads('catalog', 'success'), await s.value('errcode_config_last_load_successful', { kind: 'catalog' })]).toEqual([1, 0]);
  });

  it('counts a code a new rule finds from the moment the rule is loaded, not the lines before it', async () => {
    const log = s.log('a.log');
    writeFileSync(log, '');
    const run = await s.start(s.config({ a: log }));
    appendFileSync(log, lines(1, 10, errnoLine));
    await s.waitForValue('errcode_lines_read_total', { source: 'a' }, 10);
    expect(run.events).toEqual([]);

    s.save(rulesFile(), ruleFile({ extra: ERRNO_RULE, revision: 1 }));
    await s.waitForValue('errcode_config_loads_total', { kind: 'rules', result: 'success' }, 2);
    appendFileSync(log, lines(11, 25, errnoLine));
    await s.waitForValue('errcode_lines_read_total', { source: 'a' }, 25);
    await run.waitForEvents(15);
    await s.waitForValue('errcode_events_total', { code: '161002', source: 'a' }, 15);
    expect(sorted(run.seqs())).toEqual(range(11, 25));
    expect(run.events.every((e) => e.rule === 'test-errno')).toBe(true);
  });

  it('keeps every count across a catalog reload: counted codes keep their value, new codes appear at 0, removed codes keep their series', async () => {
    const log = s.log('a.log');
    writeFileSync(log, '');
    const run = await s.start(s.config({ a: log }));
    appendFileSync(log, `${lines(1, 5)}${codeLine(6, '161001')}\n`);
    await run.waitForEvents(6);
    expect(await s.value('errcode_events_total', { code: '161009' })).toBe(0);
    expect(select161(await s.metrics())).toEqual(['161001/fatal=1', '161002/fatal=5']);

    const catalogFile = join(s.catalogDir, 'aclnn.yaml');
    const renamed = s.readCatalog('aclnn').replace('code: "161001"\n    name: ACLNN_ERR_PARAM_NULLPTR', 'code: "161009"\n    name: ACLNN_ERR_TEST_NEW');
    s.save(catalogFile, renamed);
    await s.waitForValue('errcode_config_loads_total', { kind: 'catalog', result: 'success' }, 2);
    const after = await s.metrics();
    expect(select161(after)).toEqual(['161001/fatal=1', '161002/fatal=5', '161009/fatal=0']);
    const info = after.filter((m) => m.name === 'errcode_catalog_info' && m.labels.family === 'aclnn').map((m) => m.labels.code);
    expect([info.includes('161009'), info.includes('161001')]).toEqual([true, false]);

    appendFileSync(log, `${codeLine(7, '161009')}\n${codeLine(8, '161001')}\n${codeLine(9)}\n`);
    await run.waitForEvents(9);
    await s.waitForValue('errcode_events_total', { code: '161002', source: 'a' }, 6);
    expect(select161(await s.metrics())).toEqual(['161001/fatal=1', '161001/unknown=1', '161002/fatal=6', '161009/fatal=1']);
    expect(run.events.find((e) => e.code === '161009')?.name).toBe('ACLNN_ERR_TEST_NEW');
  });

  it('stops an input removed from the config (its file closed, its positions dropped) while the other goes on exactly', async () => {
    const a = s.log('a.log');
    const b = s.log('b.log');
    writeFileSync(a, '');
    writeFileSync(b, '');
    const run = await s.start(s.config({ a, b }));
    appendFileSync(b, lines(10_001, 10_020));
    const writer = steadyWriter(a, 1);
    await run.waitForEvents(220);
    expect([s.fdsOn(a), s.fdsOn(b)]).toEqual([1, 1]);

    s.save(s.configFile, s.config({ a }));
    await s.waitForValue('errcode_config_loads_total', { kind: 'config', result: 'success' }, 2);
    await waitFor('b.log to be closed', () => s.fdsOn(b) === 0);
    appendFileSync(b, lines(10_021, 10_030));
    await run.waitForEvents(writer.last() + 100);
    await writer.stop();
    const written = writer.last();
    await run.waitForEvents(written + 20);
    await s.waitForValue('errcode_events_total', { code: '161002', source: 'a' }, written);

    expect(sorted(run.seqs())).toEqual([...range(1, written), ...range(10_001, 10_020)]);
    expect(s.fdsOn(a)).toBe(1);
    expect([await s.value('errcode_events_total', { source: 'b', code: '161002' }), await s.value('errcode_files_watched', { source: 'b' })]).toEqual([20, 0]);
    expect(run.stderr).toContain('Input b stopped: its files are closed and its positions are no longer saved.');
    await waitFor('the positions file to drop b.log', () => {
      const saved = existsSync(s.positionsFile) ? parsePositions(readFileSync(s.positionsFile, 'utf8')) : 'missing';
      return typeof saved !== 'string' && saved.records.map((r) => r.path).join() === a;
    });
    expect((await s.status()).inputs.map((i) => i.name)).toEqual(['a']);
  });

  it('starts an input added to the config: its files present now from their end, new ones from their start', async () => {
    const a = s.log('a.log');
    writeFileSync(a, '');
    writeFileSync(s.log('b.log'), lines(9_001, 9_005));
    const run = await s.start(s.config({ a }));
    appendFileSync(a, lines(1, 10));
    await run.waitForEvents(10);

    s.save(s.configFile, s.config({ a, b: join(s.logsDir, 'b*.log') }));
    await s.waitForValue('errcode_config_loads_total', { kind: 'config', result: 'success' }, 2);
    expect(run.stderr).toContain('Input b started.');
    expect(await s.value('errcode_events_total', { source: 'b', code: '161001' })).toBe(0); // its zero series exist
    appendFileSync(s.log('b.log'), lines(9_006, 9_012));
    writeFileSync(s.log('b2.log'), lines(9_101, 9_103));
    appendFileSync(a, lines(11, 20));
    await run.waitForEvents(30);
    await s.waitForValue('errcode_events_total', { code: '161002', source: 'b' }, 10);

    expect(sorted(run.seqs())).toEqual([...range(1, 20), ...range(9_006, 9_012), ...range(9_101, 9_103)]);
    expect(run.events.filter((e) => e.source === 'b').map((e) => e.lineNo).sort((x, y) => x - y)).toEqual([1, 2, 3, 6, 7, 8, 9, 10, 11, 12]);
    expect(await s.value('errcode_events_total', { code: '161002', source: 'a' })).toBe(20);
    expect((await s.status()).inputs.map((i) => i.name)).toEqual(['a', 'b']);
  });

  it('names settings only a restart applies, refuses a bad config with its position, and SIGHUP reloads everything', async () => {
    const a = s.log('a.log');
    writeFileSync(a, '');
    const run = await s.start(s.config({ a }));
    s.save(s.configFile, s.config({ a }).replace('rotate_wait: 200ms', 'rotate_wait: 300ms').concat('web: {listen_address: "127.0.0.1:1"}\n'));
    await s.waitForValue('errcode_config_loads_total', { kind: 'config', result: 'success' }, 2);
    expect(run.stderr).toContain('but applied only by a restart, so still running as before: rotate_wait (200ms -> 300ms), web.listen_address (unset -> "127.0.0.1:1").');
    expect(await s.value('errcode_config_restart_required')).toBe(1);
    expect((await s.status()).knowledge.restartRequired).toEqual(['rotate_wait (200ms -> 300ms)', 'web.listen_address (unset -> "127.0.0.1:1")']);

    const bad = `${s.config({ a })}bogus: 1\n`;
    s.save(s.configFile, bad);
    await s.waitForValue('errcode_config_loads_total', { kind: 'config', result: 'failure' }, 1);
    const bogusLine = bad.split('\n').indexOf('bogus: 1') + 1;
    expect(run.stderr).toMatch(new RegExp(`Reloading the run config ${s.configFile.replace(/[.\\/]/g, '\\$&')} failed; the running config stays in use\\. 1 problem:\\n\\S+config\\.yaml:${bogusLine}:1 `));
    appendFileSync(a, lines(1, 5));
    await run.waitForEvents(5);

    run.hangup();
    await s.waitForValue('errcode_config_loads_total', { kind: 'config', result: 'failure' }, 2);
    await s.waitForValue('errcode_config_loads_total', { kind: 'rules', result: 'success' }, 2);
    await s.waitForValue('errcode_config_loads_total', { kind: 'catalog', result: 'success' }, 2);
    appendFileSync(a, lines(6, 10));
    await run.waitForEvents(10);
    expect(sorted(run.seqs())).toEqual(range(1, 10));
    const history = (await s.status()).knowledge.history;
    expect(history.map((h) => `${h.kind}/${h.ok ? 'ok' : 'failed'}/${h.trigger}`)).toEqual([
      'catalog/ok/signal', 'rules/ok/signal', 'config/failed/signal', 'config/failed/file', 'config/ok/file',
    ]);
  });
});

function select161(samples: readonly { name: string; labels: Record<string, string>; value: number }[]): string[] {
  return samples
    .filter((m) => m.name === 'errcode_events_total' && m.labels.source === 'a' && ['161001', '161002', '161009'].includes(m.labels.code))
    .map((m) => `${m.labels.code}/${m.labels.class}=${m.value}`)
    .sort();
}
