// Every metric the exporter exposes, on an injected Registry. Label values come only from bounded sets
// (catalog codes, capped extras, configured sources); setCatalog may be called again at any time and
// never re-registers a metric nor resets a counter, so a reload cannot break a scrape or an increase().
import { collectDefaultMetrics, Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { CatalogIndex } from '../../catalog/catalog-types.js';
import type { SinkDropReason, SinkStats } from '../../pipeline/sink-stats.js';
import { SINK_DROP_REASONS } from '../../pipeline/sink-stats.js';
import { DROP_REASONS, ROTATION_KINDS, Telemetry } from '../../pipeline/telemetry.js';
import type { DropReason, RotationKind, SourceStats } from '../../sources/source-stats.js';
import { OTHER_CODE, UnknownCodes } from '../../transforms/enrich/unknown-codes.js';
import type { CodeEvent } from '../../types.js';
import { catalogEventSeries, catalogInfoLabels } from './catalog-series.js';
import type { CatalogInfoLabel } from './catalog-series.js';
import { ConfigLoadMetrics } from './config-load-metrics.js';
import { LevelEventCounter } from './level-event-counter.js';
import { PodEventCounter } from './pod-event-counter.js';
import type { ConfigKind } from './config-load-metrics.js';

export interface ExporterMetricsOptions {
  /** Configured source names; their series are created at 0 up front. */
  readonly sources: readonly string[];
  /** Shown in errcode_build_info. */
  readonly version?: string;
  /**
   * The run's one telemetry model (pipeline/telemetry.ts), read at scrape time; the status page reads the
   * same one. Default: one of its own, fed by this object's SourceStats and SinkStats hooks.
   */
  readonly telemetry?: Telemetry;
  /** prom-client's process and Node.js metrics (default true; `scan --format prom` turns them off). */
  readonly processMetrics?: boolean;
  /**
   * Distinct codes per family counted beyond the catalog's own before folding into `other` (default 100): a
   * guard for callers that bypass the pipeline, whose own cap (50, the same UnknownCodes) folds first.
   */
  readonly maxExtraCodesPerFamily?: number;
  /** Pods with errcode_pod_events_total series at once (default 64); see pod-event-counter.ts. */
  readonly maxPods?: number;
  /** errcode_catalog_info, one series per catalog entry (default true; run config `metrics.catalog_info`). */
  readonly catalogInfo?: boolean;
  /** errcode_events_total at 0 for every catalog code and source up front (default true; `metrics.zero_series`). */
  readonly zeroSeries?: boolean;
}

export type { ConfigKind } from './config-load-metrics.js';
export const OVERFLOW_CODE = OTHER_CODE;

const DROP_REASON_LIST: readonly DropReason[] = DROP_REASONS;
const ROTATION_KIND_LIST: readonly RotationKind[] = ROTATION_KINDS;
const RESULTS = ['success', 'failure'] as const;
const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

type EventLabel = 'family' | 'code' | 'name' | 'class' | 'source';
type EventLabels = Record<EventLabel, string>;

export class ExporterMetrics implements SourceStats, SinkStats {
  private readonly sources: string[];
  private readonly maxExtra: number;
  private readonly events: Counter<EventLabel>;
  private readonly folded: Counter<'family'>;
  /** Undefined when turned off: the text is then carried by Prometheus's errcode:catalog_info rules. */
  private readonly catalogInfo: Gauge<CatalogInfoLabel> | undefined;
  private readonly catalogEntries: Gauge<'family' | 'version'>;
  private readonly unknownCodes: Gauge<'family'>;
  private readonly linesReadTotal: Counter<'source'>;
  private readonly bytesReadTotal: Counter<'source'>;
  private readonly linesDroppedTotal: Counter<'source' | 'reason'>;
  private readonly filesWatchedGauge: Gauge<'source'>;
  private readonly rotationsTotal: Counter<'source' | 'kind'>;
  private readonly bytesBehindGauge: Gauge<'source'>;
  private readonly checkpointWrites: Counter<'result'>;
  private readonly sinkSent: Counter<'sink'>;
  private readonly sinkDropped: Counter<'sink' | 'reason'>;
  private readonly configLoads: ConfigLoadMetrics;
  private readonly podEvents: PodEventCounter;
  private readonly levelEvents: LevelEventCounter;
  private readonly zeroSeries: boolean;
  /** The catalog applied last: a source added later gets its zero series too. */
  private catalog: CatalogIndex | undefined;

  /** Label sets already counted, keyed family\0code\0name\0class\0source; the hot path looks here first. */
  private readonly eventSeries = new Map<string, EventLabels>();
  /** Per family, the codes counted that the catalog did not pre-create (unknowns, range members), bounded. */
  private readonly guard: UnknownCodes;
  private readonly unknownSeen = new Map<string, Set<string>>();
  private infoSeries = new Map<string, Record<CatalogInfoLabel, string>>();
  private entriesSeries = new Map<string, { family: string; version: string }>();
  /** What sources and sinks report, kept once; the counters below follow it at scrape time (sync()). */
  readonly telemetry: Telemetry;
  /** The telemetry values already added to each counter, keyed metric\0labels. */
  private readonly synced = new Map<string, number>();

  constructor(registry: Registry, opts: ExporterMetricsOptions) {
    if (new Set(opts.sources).size !== opts.sources.length) throw new Error(`ExporterMetrics: duplicate source names in ${JSON.stringify(opts.sources)}`);
    this.sources = [...opts.sources];
    this.maxExtra = opts.maxExtraCodesPerFamily ?? 100;
    this.zeroSeries = opts.zeroSeries ?? true;
    this.guard = new UnknownCodes(this.maxExtra, { anySpelling: true });
    const registers = [registry];
    this.telemetry = opts.telemetry ?? new Telemetry({ sources: opts.sources });
    const sync = (): void => this.sync();

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
    this.catalogInfo =
      opts.catalogInfo === false
        ? undefined
        : new Gauge({
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
    this.linesReadTotal = new Counter({ name: 'errcode_lines_read_total', help: 'Lines read, by source.', labelNames: ['source'], registers, collect: sync });
    this.bytesReadTotal = new Counter({ name: 'errcode_bytes_read_total', help: 'Bytes read including line terminators, by source.', labelNames: ['source'], registers, collect: sync });
    this.linesDroppedTotal = new Counter({
      name: 'errcode_lines_dropped_total',
      help: 'Lines dropped or altered (truncated lines are still delivered), by source and reason.',
      labelNames: ['source', 'reason'],
      registers,
      collect: sync,
    });
    this.filesWatchedGauge = new Gauge({ name: 'errcode_files_watched', help: 'Files currently open, by source.', labelNames: ['source'], registers, collect: sync });
    this.rotationsTotal = new Counter({
      name: 'errcode_rotations_total',
      help: 'Files rotated (renamed away, once per file), truncated or deleted while being read, by source and kind.',
      labelNames: ['source', 'kind'],
      registers,
      collect: sync,
    });
    this.bytesBehindGauge = new Gauge({ name: 'errcode_behind_bytes', help: 'Bytes written to the source\'s files but not read yet, by source.', labelNames: ['source'], registers, collect: sync });
    this.checkpointWrites = new Counter({ name: 'errcode_checkpoint_writes_total', help: 'Positions file writes, by result.', labelNames: ['result'], registers, collect: sync });
    // Series only for configured sinks (sinkAdded): a run without webhook sinks exposes none.
    this.sinkSent = new Counter({ name: 'errcode_sink_events_sent_total', help: 'Events a configured sink (webhook, ...) delivered, by sink.', labelNames: ['sink'], registers, collect: sync });
    this.sinkDropped = new Counter({
      name: 'errcode_sink_events_dropped_total',
      help: 'Events a configured sink gave up on, by sink and reason (queue_full, rejected, retries_exhausted, closed).',
      labelNames: ['sink', 'reason'],
      registers,
      collect: sync,
    });
    this.configLoads = new ConfigLoadMetrics(registry);
    this.podEvents = new PodEventCounter(registry, opts.maxPods);
    this.levelEvents = new LevelEventCounter(registry);
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
    if (this.catalogInfo !== undefined) this.setCatalogInfo(catalog, this.catalogInfo);

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

  /** The info series replaced to match the catalog exactly: changed text moves, dropped entries go. */
  private setCatalogInfo(catalog: CatalogIndex, gauge: Gauge<CatalogInfoLabel>): void {
    const info = new Map<string, Record<CatalogInfoLabel, string>>();
    // A range entry (aclnn 561xxx) is never a code label: its members are counted as logged (561555).
    for (const e of catalog.entries()) if (e.range === undefined) info.set(`${e.family}\0${e.code}`, catalogInfoLabels(e));
    for (const [id, labels] of this.infoSeries) if (!sameLabels(info.get(id), labels)) gauge.remove(labels);
    for (const labels of info.values()) gauge.set(labels, 1);
    this.infoSeries = info;
  }

  /** Counts one event. Never throws; a family's label set stays bounded whatever the input. */
  recordEvent(e: CodeEvent): void {
    const labels: EventLabels = { family: e.family, code: e.code, name: e.name, class: e.class, source: e.source };
    const id = seriesId(labels);
    const counted = this.eventSeries.get(id) ?? this.admitSeries(labels, id);
    this.events.inc(counted, 1);
    this.podEvents.record(e, counted.code);
    this.levelEvents.record(e);
    if (counted.code === OVERFLOW_CODE) this.folded.inc({ family: e.family }, 1);
    else if (e.class === 'unknown') this.noteUnknown(e.family, e.code);
  }

  /**
   * A source the run did not have at start (an input added by a config reload): its series start at 0 like
   * the others'. A source's series are never removed: a removed input's counters keep their values.
   */
  addSource(source: string): void {
    if (this.sources.includes(source)) return;
    this.sources.push(source);
    this.telemetry.source(source);
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

  // The SourceStats and SinkStats hooks only feed the telemetry; the series follow it at scrape time.
  linesRead(source: string, lines: number, bytes: number): void {
    if (lines >= 0 && bytes >= 0) this.telemetry.linesRead(source, lines, bytes);
  }

  linesDropped(source: string, reason: DropReason, count: number): void {
    this.telemetry.linesDropped(source, reason, count);
  }

  rotation(source: string, kind: RotationKind): void {
    this.telemetry.rotation(source, kind);
  }

  filesWatched(source: string, count: number): void {
    this.telemetry.filesWatched(source, count);
  }

  bytesBehind(source: string, bytes: number): void {
    this.telemetry.bytesBehind(source, bytes);
  }

  checkpointWritten(ok: boolean): void {
    this.telemetry.checkpointWritten(ok);
  }

  sinkAdded(sink: string): void {
    this.telemetry.sinkAdded(sink);
  }

  eventsSent(sink: string, count: number): void {
    this.telemetry.eventsSent(sink, count);
  }

  eventsDropped(sink: string, reason: SinkDropReason, count: number): void {
    this.telemetry.eventsDropped(sink, reason, count);
  }

  private createSourceSeries(source: string): void {
    this.linesReadTotal.inc({ source }, 0);
    this.bytesReadTotal.inc({ source }, 0);
    this.filesWatchedGauge.set({ source }, 0);
    this.bytesBehindGauge.set({ source }, 0);
    for (const reason of DROP_REASON_LIST) this.linesDroppedTotal.inc({ source, reason }, 0);
    for (const kind of ROTATION_KIND_LIST) this.rotationsTotal.inc({ source, kind }, 0);
  }

  private createCatalogSeries(catalog: CatalogIndex, source: string): void {
    this.levelEvents.createSeries(catalog, source);
    if (!this.zeroSeries) return;
    for (const key of catalogEventSeries(catalog)) {
      const labels: EventLabels = { ...key, source };
      const id = seriesId(labels);
      if (this.eventSeries.has(id)) continue;
      this.eventSeries.set(id, labels);
      this.events.inc(labels, 0);
    }
  }

  /**
   * A label set the catalog did not pre-create: admitted through the one cardinality cap (UnknownCodes, the
   * pipeline's own class) while the family has budget, else folded into `other`. An event that arrives as
   * `other` was folded upstream; either way errcode_events_folded_total counts it (recordEvent).
   */
  private admitSeries(labels: EventLabels, id: string): EventLabels {
    // Folded upstream already: counted under its own labels.
    if (labels.code === OVERFLOW_CODE) {
      this.eventSeries.set(id, labels);
      return labels;
    }
    // Without zero series a catalog code is born here: it is bounded by the catalog, not by the extras' cap.
    if (!this.zeroSeries && this.isCatalogCode(labels)) {
      this.eventSeries.set(id, labels);
      return labels;
    }
    if (this.guard.admit(labels.family, labels.code) === OVERFLOW_CODE) {
      const fold: EventLabels = { ...labels, code: OVERFLOW_CODE, name: '' };
      const foldId = seriesId(fold);
      const existing = this.eventSeries.get(foldId);
      if (existing !== undefined) return existing;
      this.eventSeries.set(foldId, fold);
      return fold;
    }
    this.eventSeries.set(id, labels);
    return labels;
  }

  /** A code the catalog lists exactly (a range member such as 561555 is not: those stay capped). */
  private isCatalogCode(labels: EventLabels): boolean {
    const entry = this.catalog?.lookup(labels.family, labels.code);
    return entry !== undefined && entry.range === undefined && entry.code === labels.code;
  }

  private noteUnknown(family: string, code: string): void {
    let codes = this.unknownSeen.get(family);
    if (codes === undefined) {
      codes = new Set();
      this.unknownSeen.set(family, codes);
    }
    // `other` is not a code: it is what the cap folded (errcode_events_folded_total counts those).
    if (codes.has(code) || codes.size >= this.maxExtra || code === OVERFLOW_CODE) return;
    codes.add(code);
    this.unknownCodes.set({ family }, codes.size);
  }

  /**
   * Brings the self-monitoring series in line with the telemetry (idempotent: every metric's collect calls
   * it). Counters grow by what the telemetry gained since the last sync; a series a source never reported
   * is not created, except the zero series of configured sources and sinks.
   */
  private sync(): void {
    const t = this.telemetry;
    for (const [source, a] of t.activity) {
      this.grow(this.linesReadTotal, 'lines', { source }, a.linesRead);
      this.grow(this.bytesReadTotal, 'bytes', { source }, a.bytesRead);
      for (const reason of DROP_REASON_LIST) this.grow(this.linesDroppedTotal, 'dropped', { source, reason }, a.dropped[reason]);
      for (const kind of ROTATION_KIND_LIST) this.grow(this.rotationsTotal, 'rotations', { source, kind }, a.rotationsByKind[kind]);
      const configured = this.sources.includes(source);
      if (configured || a.filesOpen !== 0 || this.synced.has(`files\0${source}`)) {
        this.filesWatchedGauge.set({ source }, a.filesOpen);
        this.synced.set(`files\0${source}`, a.filesOpen);
      }
      if (configured || a.bytesBehind !== 0 || this.synced.has(`behind\0${source}`)) {
        this.bytesBehindGauge.set({ source }, a.bytesBehind);
        this.synced.set(`behind\0${source}`, a.bytesBehind);
      }
    }
    this.grow(this.checkpointWrites, 'checkpoint', { result: 'success' }, t.checkpoint.successes);
    this.grow(this.checkpointWrites, 'checkpoint', { result: 'failure' }, t.checkpoint.failures);
    for (const [sink, s] of t.sinks) {
      if (!this.synced.has(`sink\0${sink}`)) {
        this.synced.set(`sink\0${sink}`, 1);
        this.sinkSent.inc({ sink }, 0);
        for (const reason of SINK_DROP_REASONS) this.sinkDropped.inc({ sink, reason }, 0);
      }
      this.grow(this.sinkSent, 'sent', { sink }, s.sent);
      for (const reason of SINK_DROP_REASONS) this.grow(this.sinkDropped, 'sinkDropped', { sink, reason }, s.dropped[reason]);
    }
  }

  /** Adds to `counter` what `total` gained since the last sync of the same series. */
  private grow<L extends string>(counter: Counter<L>, metric: string, labels: Record<L, string>, total: number): void {
    const key = `${metric}\0${Object.values(labels).join('\0')}`;
    const before = this.synced.get(key) ?? 0;
    if (total > before) {
      counter.inc(labels, total - before);
      this.synced.set(key, total);
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
