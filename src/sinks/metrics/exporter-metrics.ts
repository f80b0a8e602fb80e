// Every metric the exporter exposes, on an injected Registry. Label values come only from bounded sets
// (catalog codes, capped extras, configured sources); setCatalog may be called again at any time and
// never re-registers a metric nor resets a counter, so a reload cannot break a scrape or an increase().
import { collectDefaultMetrics, Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { CatalogIndex } from '../../catalog/catalog-types.js';
import type { DropReason, RotationKind, SourceStats } from '../../sources/source-stats.js';
import type { CodeEvent } from '../../types.js';
import { catalogEventSeries, catalogInfoLabels } from './catalog-series.js';
import type { CatalogInfoLabel } from './catalog-series.js';
import { ConfigLoadMetrics } from './config-load-metrics.js';
import type { ConfigKind } from './config-load-metrics.js';

export interface ExporterMetricsOptions {
  /** Configured source names; their series are created at 0 up front. */
  readonly sources: readonly string[];
  /** Shown in errcode_build_info. */
  readonly version?: string;
  /** prom-client's process and Node.js metrics (default true; `scan --format prom` turns them off). */
  readonly processMetrics?: boolean;
  /** Distinct codes per family counted beyond the catalog's own before folding into `other` (default 100). */
  readonly maxExtraCodesPerFamily?: number;
}

export type { ConfigKind } from './config-load-metrics.js';
export const OVERFLOW_CODE = 'other';

const DROP_REASONS: Record<DropReason, true> = { truncated: true, invalid_utf8: true, read_error: true, malformed: true };
const ROTATION_KINDS: Record<RotationKind, true> = { rename: true, truncate: true, deleted: true };
const RESULTS = ['success', 'failure'] as const;
const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

type EventLabel = 'family' | 'code' | 'name' | 'class' | 'source';
type EventLabels = Record<EventLabel, string>;

export class ExporterMetrics implements SourceStats {
  private readonly sources: string[];
  private readonly maxExtra: number;
  private readonly events: Counter<EventLabel>;
  private readonly folded: Counter<'family'>;
  private readonly catalogInfo: Gauge<CatalogInfoLabel>;
  private readonly catalogEntries: Gauge<'family' | 'version'>;
  private readonly unknownCodes: Gauge<'family'>;
  private readonly linesReadTotal: Counter<'source'>;
  private readonly bytesReadTotal: Counter<'source'>;
  private readonly linesDroppedTotal: Counter<'source' | 'reason'>;
  private readonly filesWatchedGauge: Gauge<'source'>;
  private readonly rotationsTotal: Counter<'source' | 'kind'>;
  private readonly bytesBehindGauge: Gauge<'source'>;
  private readonly checkpointWrites: Counter<'result'>;
  private readonly configLoads: ConfigLoadMetrics;
  /** The catalog applied last: a source added later gets its zero series too. */
  private catalog: CatalogIndex | undefined;

  /** Label sets already counted, keyed family\0code\0name\0class\0source; the hot path looks here first. */
  private readonly eventSeries = new Map<string, EventLabels>();
  /** Per family, the codes counted that the catalog did not pre-create (unknowns, range members). */
  private readonly extraCodes = new Map<string, Set<string>>();
  private readonly unknownSeen = new Map<string, Set<string>>();
  private infoSeries = new Map<string, Record<CatalogInfoLabel, string>>();
  private entriesSeries = new Map<string, { family: string; version: string }>();
  /** Lines and bytes are counted per line by sources: accumulate in plain numbers, flush at scrape time. */
  private readonly pendingRead = new Map<string, { lines: number; bytes: number }>();

  constructor(registry: Registry, opts: ExporterMetricsOptions) {
    if (new Set(opts.sources).size !== opts.sources.length) throw new Error(`ExporterMetrics: duplicate source names in ${JSON.stringify(opts.sources)}`);
    this.sources = [...opts.sources];
    this.maxExtra = opts.maxExtraCodesPerFamily ?? 100;
    const registers = [registry];
    const flushRead = (): void => this.flushPendingRead();

    this.events = new Counter({
      name: 'errcode_events_total',
      help: 'Vendor error codes found in log lines, by family, canonical code, vendor name, class and source.',
      labelNames: ['family', 'code', 'name', 'class', 'source'],
      registers,
    });
    this.folded = new Counter({
      name: 'errcode_events_folded_total',
      help: `Events counted under code="${OVERFLOW_CODE}" because the family already has the maximum number of non-catalog codes.`,
      labelNames: ['family'],
      registers,
    });
    this.catalogInfo = new Gauge({
      name: 'errcode_catalog_info',
      help: 'One series per catalog entry carrying its short English meaning and remedy; join on family and code.',
      labelNames: ['family', 'code', 'name', 'class', 'http_status', 'recoverable', 'message', 'remedy'],
      registers,
    });
    this.catalogEntries = new Gauge({
      name: 'errcode_catalog_entries',
      help: 'Entries in the loaded catalog, by family and catalog file version.',
      labelNames: ['family', 'version'],
      registers,
    });
    this.unknownCodes = new Gauge({
      name: 'errcode_unknown_codes',
      help: 'Distinct code values seen that the catalog does not know (the catalog needs an entry), by family.',
      labelNames: ['family'],
      registers,
    });
    this.linesReadTotal = new Counter({ name: 'errcode_lines_read_total', help: 'Lines read, by source.', labelNames: ['source'], registers, collect: flushRead });
    this.bytesReadTotal = new Counter({ name: 'errcode_bytes_read_total', help: 'Bytes read including line terminators, by source.', labelNames: ['source'], registers, collect: flushRead });
    this.linesDroppedTotal = new Counter({
      name: 'errcode_lines_dropped_total',
      help: 'Lines dropped or altered (truncated lines are still delivered), by source and reason.',
      labelNames: ['source', 'reason'],
      registers,
    });
    this.filesWatchedGauge = new Gauge({ name: 'errcode_files_watched', help: 'Files currently open, by source.', labelNames: ['source'], registers });
    this.rotationsTotal = new Counter({
      name: 'errcode_rotations_total',
      help: 'Files rotated (renamed away, once per file), truncated or deleted while being read, by source and kind.',
      labelNames: ['source', 'kind'],
      registers,
    });
    this.bytesBehindGauge = new Gauge({ name: 'errcode_bytes_behind', help: 'Bytes written to the source\'s files but not read yet, by source.', labelNames: ['source'], registers });
    this.checkpointWrites = new Counter({ name: 'errcode_checkpoint_writes_total', help: 'Positions file writes, by result.', labelNames: ['result'], registers });
    this.configLoads = new ConfigLoadMetrics(registry);
    const buildInfo = new Gauge({
      name: 'errcode_build_info',
      help: 'Always 1; the exporter version and the Node.js version running it.',
      labelNames: ['version', 'nodejs'],
      registers,
    });
    buildInfo.set({ version: opts.version ?? 'unknown', nodejs: process.versions.node }, 1);

    for (const result of RESULTS) this.checkpointWrites.inc({ result }, 0);
    for (const source of this.sources) this.createSourceSeries(source);
    if (opts.processMetrics ?? true) {
      collectDefaultMetrics({ register: registry });
      // Gauges named `_total` that promtool rejects; `nodejs_active_handles{type}` and friends say the same.
      for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
    }
  }

  /**
   * Applies a (re)loaded catalog: zero series for its codes on every configured source, the info series
   * replaced to match it exactly. Counters are never reset; codes the new catalog dropped keep their series.
   */
  setCatalog(catalog: CatalogIndex): void {
    this.catalog = catalog;
    for (const source of this.sources) this.createCatalogSeries(catalog, source);

    const info = new Map<string, Record<CatalogInfoLabel, string>>();
    for (const e of catalog.entries()) info.set(`${e.family}\0${e.code}`, catalogInfoLabels(e));
    for (const [id, labels] of this.infoSeries) if (!sameLabels(info.get(id), labels)) this.catalogInfo.remove(labels);
    for (const labels of info.values()) this.catalogInfo.set(labels, 1);
    this.infoSeries = info;

    const entries = new Map<string, { family: string; version: string }>();
    for (const f of catalog.families) {
      const labels = { family: f.id, version: f.version };
      entries.set(`${f.id}\0${f.version}`, labels);
      this.catalogEntries.set(labels, catalog.entries(f.id).length);
      if (!this.unknownSeen.has(f.id)) this.unknownSeen.set(f.id, new Set());
      this.folded.inc({ family: f.id }, 0);
    }
    for (const [id, labels] of this.entriesSeries) if (!entries.has(id)) this.catalogEntries.remove(labels);
    this.entriesSeries = entries;

    // Codes the new catalog knows are no longer unknown.
    for (const [family, codes] of this.unknownSeen) {
      for (const code of codes) if (code !== OVERFLOW_CODE && catalog.lookup(family, code) !== undefined) codes.delete(code);
      this.unknownCodes.set({ family }, codes.size);
    }
  }

  /** Counts one event. Never throws; a family's label set stays bounded whatever the input. */
  recordEvent(e: CodeEvent): void {
    const labels: EventLabels = { family: e.family, code: e.code, name: e.name, class: e.class, source: e.source };
    const id = seriesId(labels);
    const known = this.eventSeries.get(id);
    if (known !== undefined) {
      this.events.inc(known, 1);
    } else {
      this.events.inc(this.admitSeries(labels, id), 1);
    }
    if (e.class === 'unknown') this.noteUnknown(e.family, e.code);
  }

  /**
   * A source the run did not have at start (an input added by a config reload): its series start at 0 like
   * the others'. A source's series are never removed: a removed input's counters keep their values.
   */
  addSource(source: string): void {
    if (this.sources.includes(source)) return;
    this.sources.push(source);
    this.createSourceSeries(source);
    if (this.catalog !== undefined) this.createCatalogSeries(this.catalog, source);
  }

  /** A config, catalog or rules load finished (start-up or reload); `atMs` is epoch milliseconds. */
  configLoaded(kind: ConfigKind, ok: boolean, atMs: number = Date.now()): void {
    this.configLoads.loaded(kind, ok, atMs);
  }

  /** Whether the config file holds changes that only a restart applies. */
  configRestartRequired(required: boolean): void {
    this.configLoads.setRestartRequired(required);
  }

  linesRead(source: string, lines: number, bytes: number): void {
    if (!(lines >= 0 && bytes >= 0)) return;
    let p = this.pendingRead.get(source);
    if (p === undefined) {
      p = { lines: 0, bytes: 0 };
      this.pendingRead.set(source, p);
    }
    p.lines += lines;
    p.bytes += bytes;
  }

  linesDropped(source: string, reason: DropReason, count: number): void {
    if (count > 0) this.linesDroppedTotal.inc({ source, reason }, count);
  }

  rotation(source: string, kind: RotationKind): void {
    this.rotationsTotal.inc({ source, kind }, 1);
  }

  filesWatched(source: string, count: number): void {
    if (Number.isFinite(count)) this.filesWatchedGauge.set({ source }, count);
  }

  bytesBehind(source: string, bytes: number): void {
    if (Number.isFinite(bytes)) this.bytesBehindGauge.set({ source }, Math.max(0, bytes));
  }

  checkpointWritten(ok: boolean): void {
    this.checkpointWrites.inc({ result: ok ? 'success' : 'failure' }, 1);
  }

  private createSourceSeries(source: string): void {
    this.linesReadTotal.inc({ source }, 0);
    this.bytesReadTotal.inc({ source }, 0);
    this.filesWatchedGauge.set({ source }, 0);
    this.bytesBehindGauge.set({ source }, 0);
    for (const reason of Object.keys(DROP_REASONS)) this.linesDroppedTotal.inc({ source, reason }, 0);
    for (const kind of Object.keys(ROTATION_KINDS)) this.rotationsTotal.inc({ source, kind }, 0);
  }

  private createCatalogSeries(catalog: CatalogIndex, source: string): void {
    for (const key of catalogEventSeries(catalog)) {
      const labels: EventLabels = { ...key, source };
      const id = seriesId(labels);
      if (this.eventSeries.has(id)) continue;
      this.eventSeries.set(id, labels);
      this.events.inc(labels, 0);
    }
  }

  /** A label set the catalog did not pre-create: admitted while the family has budget, else folded into `other`. */
  private admitSeries(labels: EventLabels, id: string): EventLabels {
    let extras = this.extraCodes.get(labels.family);
    if (extras === undefined) {
      extras = new Set();
      this.extraCodes.set(labels.family, extras);
    }
    if (!extras.has(labels.code) && extras.size >= this.maxExtra) {
      this.folded.inc({ family: labels.family }, 1);
      const fold: EventLabels = { ...labels, code: OVERFLOW_CODE, name: '' };
      const foldId = seriesId(fold);
      const existing = this.eventSeries.get(foldId);
      if (existing !== undefined) return existing;
      this.eventSeries.set(foldId, fold);
      return fold;
    }
    extras.add(labels.code);
    this.eventSeries.set(id, labels);
    return labels;
  }

  private noteUnknown(family: string, code: string): void {
    let codes = this.unknownSeen.get(family);
    if (codes === undefined) {
      codes = new Set();
      this.unknownSeen.set(family, codes);
    }
    if (codes.has(code) || codes.size >= this.maxExtra) return;
    codes.add(code);
    this.unknownCodes.set({ family }, codes.size);
  }

  private flushPendingRead(): void {
    for (const [source, p] of this.pendingRead) {
      if (p.lines > 0) this.linesReadTotal.inc({ source }, p.lines);
      if (p.bytes > 0) this.bytesReadTotal.inc({ source }, p.bytes);
      p.lines = 0;
      p.bytes = 0;
    }
  }
}

function seriesId(l: EventLabels): string {
  return `${l.family}\0${l.code}\0${l.name}\0${l.class}\0${l.source}`;
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>): boolean {
  if (a === undefined) return false;
  for (const k of Object.keys(b)) if (a[k] !== b[k]) return false;
  return true;
}
