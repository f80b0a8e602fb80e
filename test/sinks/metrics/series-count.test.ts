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
  it('pre-creates 432 event series per source: 431 retryable/fatal exact entries plus one context class, none for a range', () => {
    expect(catalog.entries().length).toBe(438);
    expect(catalog.entries().filter((e) => e.class === 'success').length).toBe(3);
    expect(catalog.entries().filter((e) => e.range !== undefined).map((e) => `${e.family} ${e.code}`).sort()).toEqual(['acl-runtime 107xxx', 'acl-runtime 207xxx', 'acl-runtime 507xxx', 'aclnn 561xxx']);
    expect(catalogEventSeries(catalog).length).toBe(432);
    expect(catalogEventSeries(catalog).filter((k) => k.code.endsWith('xxx'))).toEqual([]);
  });

  it('exposes 443 x sources + 471 errcode_* series, as docs/metrics.md says', async () => {
    expect([await seriesFor(['device']), await seriesFor(['a', 'b', 'c'])]).toEqual([914, 1800]);
    for (const promised of ['432', '434', '443', '471', '914', '1800']) expect(docs).toContain(promised);
  });

  it('drops to 11 x sources + 471 without zero series, 443 x sources + 37 without catalog_info, 11 x sources + 37 without both', async () => {
    expect([await seriesFor(['device'], { zeroSeries: false }), await seriesFor(['a', 'b', 'c'], { zeroSeries: false })]).toEqual([482, 504]);
    expect([await seriesFor(['device'], { catalogInfo: false }), await seriesFor(['a', 'b', 'c'], { catalogInfo: false })]).toEqual([480, 1366]);
    expect([await seriesFor(['device'], { catalogInfo: false, zeroSeries: false }), await seriesFor(['a', 'b', 'c'], { catalogInfo: false, zeroSeries: false })]).toEqual([48, 70]);
    for (const promised of ['11 x sources + 471', '443 x sources + 37', '11 x sources + 37']) expect(docs).toContain(promised);
  });
});
