import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ExporterMetrics } from '../../../src/sinks/metrics/exporter-metrics.js';
import { renderExposition } from '../../../src/sinks/metrics/render-exposition.js';
import type { CodeEvent, EventClass } from '../../../src/types.js';
import { fakeCatalog } from './fake-catalog.js';
import type { FakeEntry } from './fake-catalog.js';
import { parseExposition, select } from './parse-exposition.js';

const ENTRIES: FakeEntry[] = [
  { family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', class: 'fatal' },
  { family: 'aclnn', code: '0', name: 'ACLNN_SUCCESS', class: 'success' },
  { family: 'llm-datadist', code: '0x5010B001', name: 'LLM_WAIT_PROC_TIMEOUT', class: 'retryable', contextClass: 'fatal', recoverable: true },
  { family: 'huawei-cloud', code: 'AIS.0014', name: '', class: 'retryable', httpStatus: 429 },
];

function event(family: string, code: string, name: string, cls: EventClass, source = 'device'): CodeEvent {
  return { family, code, name, class: cls, classBasis: 'policy', rule: 't', raw: code, labels: {}, source, path: '/x.log', lineNo: 1, line: '' };
}

async function scrape(registry: Registry): Promise<ReturnType<typeof parseExposition>> {
  return parseExposition(await renderExposition(registry));
}

function setup(opts: { sources?: string[]; maxExtra?: number; catalogInfo?: boolean; zeroSeries?: boolean } = {}): { registry: Registry; metrics: ExporterMetrics } {
  const registry = new Registry();
  const metrics = new ExporterMetrics(registry, {
    sources: opts.sources ?? ['device', 'stdin'],
    processMetrics: false,
    version: '9.9.9',
    maxExtraCodesPerFamily: opts.maxExtra,
    catalogInfo: opts.catalogInfo,
    zeroSeries: opts.zeroSeries,
  });
  return { registry, metrics };
}

describe('ExporterMetrics event series', () => {
  it('creates a zero series for every alertable class of every catalog code on every configured source', async () => {
    const { registry, metrics } = setup();
    metrics.setCatalog(fakeCatalog(ENTRIES));
    const events = select(await scrape(registry), 'errcode_events_total');
    // fatal 161002; retryable+fatal(context) 0x5010B001; retryable AIS.0014; no series for the success code.
    expect(events.length).toBe(4 * 2);
    expect(events.every((s) => s.value === 0)).toBe(true);
    expect(select(events, 'errcode_events_total', { code: '0x5010B001', source: 'stdin' }).map((s) => s.labels.class).sort()).toEqual(['fatal', 'retryable']);
    expect(select(events, 'errcode_events_total', { code: '0' })).toEqual([]);
  });

  it('counts events onto the pre-created series and creates unknown ones on first sight', async () => {
    const { registry, metrics } = setup();
    metrics.setCatalog(fakeCatalog(ENTRIES));
    metrics.recordEvent(event('aclnn', '161002', 'ACLNN_ERR_PARAM_INVALID', 'fatal'));
    metrics.recordEvent(event('aclnn', '161002', 'ACLNN_ERR_PARAM_INVALID', 'fatal'));
    metrics.recordEvent(event('aclnn', '999999', '', 'unknown'));
    metrics.recordEvent(event('aclnn', '999999', '', 'unknown'));
    metrics.recordEvent(event('aclnn', '888888', '', 'unknown', 'stdin'));
    const samples = await scrape(registry);
    expect(select(samples, 'errcode_events_total', { code: '161002', source: 'device' })[0].value).toBe(2);
    expect(select(samples, 'errcode_events_total', { code: '161002', source: 'stdin' })[0].value).toBe(0);
    expect(select(samples, 'errcode_events_total', { code: '999999', class: 'unknown' })[0].value).toBe(2);
    expect(select(samples, 'errcode_unknown_codes', { family: 'aclnn' })[0].value).toBe(2);
    expect(select(samples, 'errcode_unknown_codes', { family: 'llm-datadist' })[0].value).toBe(0);
  });

  it('folds codes beyond the per-family budget into code="other" and counts the folding', async () => {
    const { registry, metrics } = setup({ maxExtra: 2 });
    metrics.setCatalog(fakeCatalog(ENTRIES));
    for (const code of ['1', '2', '3', '4', '3']) metrics.recordEvent(event('speech-sdk', code, '', 'unknown'));
    const samples = await scrape(registry);
    const speech = select(samples, 'errcode_events_total', { family: 'speech-sdk' });
    expect(speech.map((s) => `${s.labels.code}=${s.value}`).sort()).toEqual(['1=1', '2=1', 'other=3']);
    expect(select(samples, 'errcode_events_folded_total', { family: 'speech-sdk' })[0].value).toBe(3);
    expect(select(samples, 'errcode_unknown_codes', { family: 'speech-sdk' })[0].value).toBe(2);
  });

  it('survives re-applying a changed catalog: no re-registration, no reset, new codes at 0, removed codes kept', async () => {
    const { registry, metrics } = setup({ sources: ['device'] });
    metrics.setCatalog(fakeCatalog(ENTRIES, 'v1'));
    metrics.recordEvent(event('aclnn', '161002', 'ACLNN_ERR_PARAM_INVALID', 'fatal'));
    metrics.recordEvent(event('aclnn', '561003', '', 'unknown'));
    await scrape(registry);
    const v2: FakeEntry[] = [
      { family: 'aclnn', code: '161001', name: 'ACLNN_ERR_PARAM_NULLPTR', class: 'fatal' },
      { family: 'aclnn', code: '561003', name: 'ACLNN_ERR_INNER_FIND_KERNEL_ERROR', class: 'fatal', message: 'Kernel not found, "new" text\nsecond line' },
      { family: 'llm-datadist', code: '0x5010B001', name: 'LLM_WAIT_PROC_TIMEOUT', class: 'retryable', message: 'changed meaning' },
    ];
    metrics.setCatalog(fakeCatalog(v2, 'v2'));
    metrics.setCatalog(fakeCatalog(v2, 'v2'));
    const samples = await scrape(registry);
    const events = select(samples, 'errcode_events_total');
    expect(select(events, 'errcode_events_total', { code: '161002' })[0].value).toBe(1);
    expect(select(events, 'errcode_events_total', { code: '161001' })[0].value).toBe(0);
    expect(select(events, 'errcode_events_total', { code: '561003', class: 'unknown' })[0].value).toBe(1);
    expect(select(events, 'errcode_events_total', { code: '561003', class: 'fatal' })[0].value).toBe(0);
    expect(events.length).toBe(7);
    const info = select(samples, 'errcode_catalog_info');
    expect(info.map((s) => s.labels.code).sort()).toEqual(['0x5010B001', '161001', '561003']);
    expect(select(info, 'errcode_catalog_info', { code: '561003' })[0].labels.message).toBe('Kernel not found, "new" text second line');
    expect(select(info, 'errcode_catalog_info', { code: '0x5010B001' })[0].labels.message).toBe('changed meaning');
    // 561003 is in the new catalog, so it is no longer an unknown code.
    expect(select(samples, 'errcode_unknown_codes', { family: 'aclnn' })[0].value).toBe(0);
    expect(select(samples, 'errcode_catalog_entries').map((s) => `${s.labels.family}@${s.labels.version}=${s.value}`).sort()).toEqual([
      'aclnn@v2=2',
      'llm-datadist@v2=1',
    ]);
  });

  it('exports the info labels: http status, recoverable, capped English text', async () => {
    const { registry, metrics } = setup();
    const long = 'x'.repeat(500);
    metrics.setCatalog(fakeCatalog([...ENTRIES, { family: 'speech-sdk', code: '10001', class: 'fatal', remedy: long }]));
    const info = select(await scrape(registry), 'errcode_catalog_info');
    expect(info.length).toBe(5);
    expect(select(info, 'errcode_catalog_info', { code: 'AIS.0014' })[0].labels).toEqual({
      family: 'huawei-cloud', code: 'AIS.0014', name: '', class: 'retryable', http_status: '429', recoverable: '',
      message: 'meaning of AIS.0014', remedy: 'remedy for AIS.0014',
    });
    expect(select(info, 'errcode_catalog_info', { code: '0x5010B001' })[0].labels.recoverable).toBe('true');
    expect(Array.from(select(info, 'errcode_catalog_info', { code: '10001' })[0].labels.remedy).length).toBe(240);
  });

  it('refuses a second ExporterMetrics on the same registry and duplicate source names', () => {
    const registry = new Registry();
    new ExporterMetrics(registry, { sources: ['a'], processMetrics: false });
    expect(() => new ExporterMetrics(registry, { sources: ['a'], processMetrics: false })).toThrow(/already been registered/);
    expect(() => new ExporterMetrics(new Registry(), { sources: ['a', 'a'] })).toThrow(/duplicate source names/);
  });
});

describe('ExporterMetrics self-monitoring', () => {
  it('starts every per-source series at 0 and counts what sources report', async () => {
    const { registry, metrics } = setup({ sources: ['device'] });
    let samples = await scrape(registry);
    expect(select(samples, 'errcode_lines_read_total', { source: 'device' })[0].value).toBe(0);
    expect(select(samples, 'errcode_lines_dropped_total', { source: 'device' }).length).toBe(4);
    expect(select(samples, 'errcode_rotations_total', { source: 'device' }).length).toBe(3);
    expect(select(samples, 'errcode_checkpoint_writes_total').length).toBe(2);
    expect(select(samples, 'errcode_config_loads_total').length).toBe(6);

    metrics.linesRead('device', 3, 120);
    metrics.linesRead('device', 2, 80);
    metrics.linesRead('device', -1, 5);
    metrics.linesDropped('device', 'truncated', 2);
    metrics.rotation('device', 'rename');
    metrics.filesWatched('device', 3);
    metrics.bytesBehind('device', 4096);
    metrics.checkpointWritten(true);
    metrics.checkpointWritten(false);
    metrics.configLoaded('catalog', true);
    metrics.configLoaded('rules', false);
    samples = await scrape(registry);
    expect(select(samples, 'errcode_lines_read_total', { source: 'device' })[0].value).toBe(5);
    expect(select(samples, 'errcode_bytes_read_total', { source: 'device' })[0].value).toBe(200);
    expect(select(samples, 'errcode_lines_dropped_total', { source: 'device', reason: 'truncated' })[0].value).toBe(2);
    expect(select(samples, 'errcode_rotations_total', { source: 'device', kind: 'rename' })[0].value).toBe(1);
    expect(select(samples, 'errcode_files_watched', { source: 'device' })[0].value).toBe(3);
    expect(select(samples, 'errcode_behind_bytes', { source: 'device' })[0].value).toBe(4096);
    expect(select(samples, 'errcode_checkpoint_writes_total', { result: 'failure' })[0].value).toBe(1);
    expect(select(samples, 'errcode_config_loads_total', { kind: 'rules', result: 'failure' })[0].value).toBe(1);
    expect(select(samples, 'errcode_config_loads_total', { kind: 'catalog', result: 'success' })[0].value).toBe(1);
    expect(select(samples, 'errcode_build_info')[0].labels).toEqual({ version: '9.9.9', nodejs: process.versions.node });

    metrics.linesRead('device', 1, 10);
    samples = await scrape(registry);
    expect(select(samples, 'errcode_lines_read_total', { source: 'device' })[0].value).toBe(6);
  });

  it('tells config, rules and catalog loads apart: counts, whether the last one succeeded, when one last did, restart pending', async () => {
    const { registry, metrics } = setup({ sources: ['device'] });
    let samples = await scrape(registry);
    expect(select(samples, 'errcode_config_loads_total').map((s) => `${s.labels.kind}/${s.labels.result}=${s.value}`).sort()).toEqual([
      'catalog/failure=0', 'catalog/success=0', 'config/failure=0', 'config/success=0', 'rules/failure=0', 'rules/success=0',
    ]);
    expect(select(samples, 'errcode_config_restart_required').map((s) => s.value)).toEqual([0]);

    for (const kind of ['config', 'rules', 'catalog'] as const) metrics.configLoaded(kind, true, 1_700_000_000_000);
    metrics.configLoaded('rules', false, 1_700_000_060_000);
    metrics.configLoaded('config', true, 1_700_000_090_500);
    metrics.configRestartRequired(true);
    samples = await scrape(registry);
    const byKind = (name: string): string[] => select(samples, name).map((s) => `${s.labels.kind}=${s.value}`).sort();
    expect(byKind('errcode_config_last_load_successful')).toEqual(['catalog=1', 'config=1', 'rules=0']);
    expect(byKind('errcode_config_last_load_success_timestamp_seconds')).toEqual(['catalog=1700000000', 'config=1700000090.5', 'rules=1700000000']);
    expect(select(samples, 'errcode_config_loads_total', { kind: 'config', result: 'success' })[0].value).toBe(2);
    expect(select(samples, 'errcode_config_loads_total', { kind: 'rules', result: 'failure' })[0].value).toBe(1);
    expect(select(samples, 'errcode_config_restart_required').map((s) => s.value)).toEqual([1]);
  });

  it('gives a source added later the same zero series, and keeps every series of the others', async () => {
    const { registry, metrics } = setup({ sources: ['device'] });
    metrics.setCatalog(fakeCatalog(ENTRIES));
    metrics.recordEvent(event('aclnn', '161002', 'ACLNN_ERR_PARAM_INVALID', 'fatal'));
    metrics.linesRead('device', 7, 70);
    metrics.addSource('host');
    metrics.addSource('host');
    metrics.addSource('device');
    const samples = await scrape(registry);
    const events = select(samples, 'errcode_events_total');
    expect([select(events, 'errcode_events_total', { source: 'device' }).length, select(events, 'errcode_events_total', { source: 'host' }).length]).toEqual([4, 4]);
    expect(select(events, 'errcode_events_total', { source: 'device', code: '161002' })[0].value).toBe(1);
    expect(select(events, 'errcode_events_total', { source: 'host', code: '161002' })[0].value).toBe(0);
    expect(select(samples, 'errcode_lines_read_total').map((s) => `${s.labels.source}=${s.value}`).sort()).toEqual(['device=7', 'host=0']);
    expect(select(samples, 'errcode_lines_dropped_total', { source: 'host' }).length).toBe(4);
    expect(select(samples, 'errcode_rotations_total', { source: 'host' }).length).toBe(3);
    expect(select(samples, 'errcode_files_watched', { source: 'host' })[0].value).toBe(0);
  });

  it('adds the process metrics to the same registry when asked', async () => {
    const registry = new Registry();
    new ExporterMetrics(registry, { sources: ['device'] });
    const names = new Set((await scrape(registry)).map((s) => s.name));
    expect(names.has('process_cpu_user_seconds_total')).toBe(true);
    expect(names.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });
});

describe('ExporterMetrics without zero series or catalog_info (run config metrics.zero_series, metrics.catalog_info)', () => {
  it('creates an event series at its first count only, and never caps catalog codes with the extras', async () => {
    const many: FakeEntry[] = Array.from({ length: 5 }, (_, i) => ({ family: 'aclnn', code: String(161000 + i), class: 'fatal' as const }));
    const { registry, metrics } = setup({ maxExtra: 2, zeroSeries: false });
    metrics.setCatalog(fakeCatalog(many));
    expect(select(await scrape(registry), 'errcode_events_total')).toEqual([]);
    for (const e of many) metrics.recordEvent(event('aclnn', e.code, '', 'fatal'));
    for (const code of ['900001', '900002', '900003']) metrics.recordEvent(event('aclnn', code, '', 'unknown'));
    const events = select(await scrape(registry), 'errcode_events_total');
    // Every catalog code as itself, although the extras' cap is 2; the third unknown code folds into other.
    expect(events.map((s) => `${s.labels.code} ${s.labels.class} ${s.value}`).sort()).toEqual([
      '161000 fatal 1', '161001 fatal 1', '161002 fatal 1', '161003 fatal 1', '161004 fatal 1',
      '900001 unknown 1', '900002 unknown 1', 'other unknown 1',
    ]);
  });

  it('exposes no errcode_catalog_info when catalog_info is off, and still counts and sizes the catalog', async () => {
    const { registry, metrics } = setup({ catalogInfo: false });
    metrics.setCatalog(fakeCatalog(ENTRIES));
    metrics.setCatalog(fakeCatalog(ENTRIES, 'v2'));
    const samples = await scrape(registry);
    expect(samples.filter((s) => s.name === 'errcode_catalog_info')).toEqual([]);
    expect(select(samples, 'errcode_events_total').length).toBe(8);
    expect(select(samples, 'errcode_catalog_entries', { family: 'aclnn' }).map((s) => `${s.labels.version} ${s.value}`)).toEqual(['v2 2']);
  });
});
