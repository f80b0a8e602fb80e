// `scan --format prom`: the live exporter's own metrics on a fresh registry, fed by one scan, so the
// exposition is byte-for-byte the format /metrics serves (same names, labels and help texts).
import { Registry } from 'prom-client';
import type { CatalogIndex } from '../../catalog/catalog-types.js';
import type { CodeEvent } from '../../types.js';
import type { SourceStats } from '../../sources/source-stats.js';
import { ExporterMetrics } from '../metrics/exporter-metrics.js';
import { renderExposition } from '../metrics/render-exposition.js';

export interface PromReport {
  /** Source hooks to feed (lines read, dropped). */
  readonly stats: SourceStats;
  recordEvent(e: CodeEvent): void;
  /** The exposition text, in Prometheus text format 0.0.4. */
  render(): Promise<string>;
}

export function createPromReport(catalog: CatalogIndex, sources: readonly string[], version?: string): PromReport {
  const registry = new Registry();
  // No process metrics: they would describe this short-lived scan process, not the logs.
  const metrics = new ExporterMetrics(registry, { sources, version, processMetrics: false });
  metrics.setCatalog(catalog);
  return {
    stats: metrics,
    recordEvent: (e) => metrics.recordEvent(e),
    render: () => renderExposition(registry, 'prometheus'),
  };
}
