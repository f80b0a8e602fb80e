// What a reloaded run config changes: inputs added, removed or changed by name; directories moved; and every
// setting a reload cannot apply named (and kept as it runs), never silently taken or dropped.
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/config/load-run-config.js';
import type { ComponentConfig } from '../../src/pipeline/component-config.js';
import { diffRunConfig, RELOAD_TABLE, sameInput } from '../../src/run/config-change.js';
import type { FileInput } from '../../src/sources/files/file-input.js';

const input = (name: string, more: Partial<FileInput> = {}): FileInput => ({
  name, include: [`/logs/${name}/*.log`], exclude: [], fromBeginning: false, poll: false,
  pollIntervalMs: 1000, maxLineBytes: 65536, partialLineTimeoutMs: 2000, ...more,
});

const RUNNING: RunConfig = {
  inputs: [input('a'), input('b')], stdin: false, positionsFile: '/var/lib/p.json', checkpointIntervalMs: 5000,
  rescanIntervalMs: 10000, rotateWaitMs: 5000, rulesDir: '/rules', catalogDir: '/catalogs', web: { listen_address: ':10135' }, metrics: {},
};

describe('diffRunConfig', () => {
  it('reports nothing for the same config, and runs it as it is', () => {
    const change = diffRunConfig(RUNNING, { ...RUNNING, inputs: [input('a'), input('b')] });
    expect(change).toEqual({
      effective: { ...RUNNING, inputs: [input('a'), input('b')] },
      inputs: { added: [], removed: [], changed: [] },
      sources: { added: [], removed: [], changed: [] },
      sinks: { added: [], removed: [], changed: [] },
      rulesDirChanged: false,
      catalogDirChanged: false,
      restartRequired: [],
    });
  });

  it.each([
    ['an input added', [input('a'), input('b'), input('c')], { added: ['c'], removed: [], changed: [] }],
    ['an input removed', [input('b')], { added: [], removed: ['a'], changed: [] }],
    ['a glob changed', [input('a', { include: ['/logs/a/**/*.log'] }), input('b')], { added: [], removed: [], changed: ['a'] }],
    ['an exclude added', [input('a'), input('b', { exclude: ['*.gz'] })], { added: [], removed: [], changed: ['b'] }],
    ['the line cap changed', [input('a', { maxLineBytes: 4096 }), input('b')], { added: [], removed: [], changed: ['a'] }],
    ['an input renamed', [input('a'), input('c', { include: ['/logs/b/*.log'] })], { added: ['c'], removed: ['b'], changed: [] }],
    ['the order changed only', [input('b'), input('a')], { added: [], removed: [], changed: [] }],
  ])('tells inputs apart by name: %s', (_what, inputs, expected) => {
    const change = diffRunConfig(RUNNING, { ...RUNNING, inputs });
    expect(change.inputs).toEqual(expected);
    expect(change.effective.inputs).toEqual(inputs);
    expect(change.restartRequired).toEqual([]);
  });

  it('applies moved rules and catalog directories live', () => {
    const change = diffRunConfig(RUNNING, { ...RUNNING, rulesDir: '/etc/rules', catalogDir: '/etc/catalogs' });
    expect([change.rulesDirChanged, change.catalogDirChanged, change.effective.rulesDir, change.effective.catalogDir, change.restartRequired])
      .toEqual([true, true, '/etc/rules', '/etc/catalogs', []]);
  });

  it('names every setting only a restart applies, and keeps running with the old value', () => {
    expect(diffRunConfig(RUNNING, { ...RUNNING, metrics: {} }).restartRequired).toEqual([]);
    const loaded: RunConfig = {
      ...RUNNING, stdin: true, positionsFile: undefined, checkpointIntervalMs: 1000, rescanIntervalMs: 2000, rotateWaitMs: 300,
      web: { listen_address: ':9999', status_samples: false }, inputs: [input('a')],
    };
    const change = diffRunConfig(RUNNING, loaded);
    expect(change.restartRequired).toEqual([
      'stdin (false -> true)',
      'positions ("/var/lib/p.json" -> unset)',
      'checkpoint_interval (5000ms -> 1000ms)',
      'rescan_interval (10000ms -> 2000ms)',
      'rotate_wait (5000ms -> 300ms)',
      'web.listen_address (":10135" -> ":9999")',
      'web.status_samples (unset -> false)',
    ]);
    expect(change.effective).toEqual({ ...RUNNING, inputs: [input('a')] });
    expect(change.inputs.removed).toEqual(['b']);
  });

  it('applies sources and sinks live, told apart by name: added, removed, changed (key order aside)', () => {
    const exec = (name: string, command: string[]): ComponentConfig => ({ type: 'exec', name, command });
    const hook = (name: string, url: string): ComponentConfig => ({ type: 'webhook', name, url });
    const running: RunConfig = { ...RUNNING, sources: [exec('one', ['a']), exec('two', ['b'])], sinks: [hook('x', 'http://h/1')] };
    const loaded: RunConfig = {
      ...RUNNING,
      sources: [{ command: ['a'], name: 'one', type: 'exec' }, exec('two', ['b', '-f']), exec('three', ['c'])],
      sinks: [hook('y', 'http://h/2')],
    };
    const change = diffRunConfig(running, loaded);
    expect([change.sources, change.sinks, change.restartRequired]).toEqual([
      { added: ['three'], removed: [], changed: ['two'] },
      { added: ['y'], removed: ['x'], changed: [] },
      [],
    ]);
    expect([change.effective.sources, change.effective.sinks]).toEqual([loaded.sources, loaded.sinks]);
  });

  it('has one row per setting in its decision table, each applied live or named for a restart', () => {
    expect(RELOAD_TABLE.map((s) => `${s.key}:${s.applied}`)).toEqual([
      'inputs:inputs', 'sources:sources', 'sinks:sinks', 'rules:rules', 'catalogs:catalog',
      'stdin:restart', 'positions:restart', 'checkpoint_interval:restart', 'rescan_interval:restart', 'rotate_wait:restart',
      'web.listen_address:restart', 'web.status_samples:restart', 'web.telemetry_path:restart', 'web.grafana_url:restart',
      'web.prometheus_url:restart', 'metrics:restart', 'context:restart',
    ]);
  });

  it('reports a pending restart until the file matches what runs again', () => {
    const first = diffRunConfig(RUNNING, { ...RUNNING, rotateWaitMs: 300 });
    const again = diffRunConfig(first.effective, { ...RUNNING, rotateWaitMs: 300 });
    const reverted = diffRunConfig(again.effective, RUNNING);
    expect([first.restartRequired, again.restartRequired, reverted.restartRequired]).toEqual([['rotate_wait (5000ms -> 300ms)'], ['rotate_wait (5000ms -> 300ms)'], []]);
  });
});

describe('sameInput', () => {
  it.each([
    ['name', { name: 'x' }],
    ['include', { include: ['/other/*.log'] }],
    ['include order', { include: ['/b', '/a'] }],
    ['exclude', { exclude: ['*.1'] }],
    ['fromBeginning', { fromBeginning: true }],
    ['poll', { poll: true }],
    ['pollIntervalMs', { pollIntervalMs: 5 }],
    ['maxLineBytes', { maxLineBytes: 300 }],
    ['partialLineTimeoutMs', { partialLineTimeoutMs: 1 }],
  ])('sees a change of %s', (_field, more) => {
    const base = input('a', { include: ['/a', '/b'] });
    expect([sameInput(base, { ...base }), sameInput(base, { ...base, ...more })]).toEqual([true, false]);
  });
});
