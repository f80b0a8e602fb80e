// What the exporter costs in series with the bundled catalogs: the numbers docs/metrics.md promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../../src/catalog/load-catalogs.js';
import { DEFAULT_CATALOG_DIR, PACKAGE_ROOT } from '../../../src/cli/package-info.js';
import { catalogEventSeries } from '../../../src/sinks/metrics/catalog-series.js';
import { ExporterMetrics } from '../../../src/sinks/metrics/exporter-metrics.js';
import { renderExposition } from '../../../src/sinks/metrics/render-exposition.js';
import { parseExposition } from './parse-exposition.js';

const catalog = loadCatalogs(DEFAULT_CATALOG_DIR);
const docs = readFileSync(join(PACKAGE_ROOT, 'docs/metrics.md'), 'utf8');

async function seriesFor(sources: string[], opts: { catalogInfo?: boolean; zeroSeries?: boolean } = {}): Promise<number> {
  const registry = new Registry();
  const metrics = new ExporterMetrics(registry, { sources, processMetrics: false, ...opts });
  metrics.setCatalog(catalog);
  // As `run` does at start-up: the config, rules and catalogs have each been loaded once.
  for (const kind of ['config', 'rules', 'catalog'] as const) metrics.configLoaded(kind, true);
  return parseExposition(await renderExposition(registry)).length;
}

describe('series cost with the bundled catalogs', () => {
  it('pre-creates 436 event series per source: 435 retryable/fatal exact entries plus one context class, none for a range', () => {
    expect(catalog.entries().length).toBe(442);
    expect(catalog.entries().filter((e) => e.class === 'success').length).toBe(3);
    expect(catalog.entries().filter((e) => e.range !== undefined).map((e) => `${e.family} ${e.code}`).sort()).toEqual(['acl-runtime 107xxx', 'acl-runtime 207xxx', 'acl-runtime 507xxx', 'aclnn 561xxx']);
    expect(catalogEventSeries(catalog).length).toBe(436);
    expect(catalogEventSeries(catalog).filter((k) => k.code.endsWith('xxx'))).toEqual([]);
  });

  it('exposes 450 x sources + 478 errcode_* series, as docs/metrics.md says', async () => {
    expect([await seriesFor(['device']), await seriesFor(['a', 'b', 'c'])]).toEqual([928, 1828]);
    for (const promised of ['436', '438', '450', '478', '928', '1828']) expect(docs).toContain(promised);
  });
});

describe('errcode_level_events_total', () => {
  it('has one zero series per (family, level) of the bundled catalogs and source, and counts only events with a level', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { sources: ['device', 'host'], processMetrics: false });
    metrics.setCatalog(catalog);
    const event = { family: 'npu-fault', code: '0x80E01801', name: '', class: 'fatal', classBasis: 'policy', rule: 'npu-fault-event-id', raw: '0x80e01801', labels: {}, source: 'device', path: '-', lineNo: 1, line: '' } as const;
    metrics.recordEvent({ ...event, level: 'RestartBusiness' });
    metrics.recordEvent({ ...event, level: 'RestartBusiness' });
    // An unknown id carries no level; a level the catalogs do not use is not a label value.
    metrics.recordEvent({ ...event, code: '0x80C78008', class: 'unknown', classBasis: 'unknown' });
    metrics.recordEvent({ ...event, level: 'SeparateNPU' });
    const levels = parseExposition(await renderExposition(registry))
      .filter((s) => s.name === 'errcode_level_events_total')
      .map((s) => `${s.labels.level ?? ''} ${s.labels.source ?? ''} ${s.value}`)
      .sort();
    expect(levels).toEqual([
      'RestartBusiness device 2',
      'RestartBusiness host 0',
      'RestartNPU device 0',
      'RestartNPU host 0',
      'RestartRequest device 0',
      'RestartRequest host 0',
    ]);
  });

  it('drops to 14 x sources + 478 without zero series, 450 x sources + 40 without catalog_info, 14 x sources + 40 without both', async () => {
    expect([await seriesFor(['device'], { zeroSeries: false }), await seriesFor(['a', 'b', 'c'], { zeroSeries: false })]).toEqual([492, 520]);
    expect([await seriesFor(['device'], { catalogInfo: false }), await seriesFor(['a', 'b', 'c'], { catalogInfo: false })]).toEqual([490, 1390]);
    expect([await seriesFor(['device'], { catalogInfo: false, zeroSeries: false }), await seriesFor(['a', 'b', 'c'], { catalogInfo: false, zeroSeries: false })]).toEqual([54, 82]);
    for (const promised of ['14 x sources + 478', '450 x sources + 40', '14 x sources + 40']) expect(docs).toContain(promised);
  });
});
