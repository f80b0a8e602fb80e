// Attaches the exporter to `run`: one Telemetry the sources and sinks report into, read by ExporterMetrics (on
// its own Registry, which also counts every event) and by the status page; the
// catalog applied at start and on every reload, and the HTTP server, ready once inputs are open, with the
// status page on `/` (src/status) fed by the same hooks.
// Start-up problems (a bad web config file, a port in use) are thrown as errors that say what to fix.
import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import type { LoadErrors } from '../load/load-error.js';
import type { RunAttachment, RunContext, RunExtension } from '../run/run-context.js';
import { Telemetry } from '../pipeline/telemetry.js';
import { ExporterMetrics } from '../sinks/metrics/exporter-metrics.js';
import { attachStatus } from '../status/attach-status.js';
import { DEFAULT_LISTEN_ADDRESS } from './listen-address.js';
import { DEFAULT_TELEMETRY_PATH } from '../config/web-settings.js';
import { MetricsServer } from './metrics-server.js';
import type { WebConfig } from './web-config.js';
import { loadWebConfig } from './web-config.js';

export interface ExporterExtensionOptions {
  /** `--web.listen-address`; falls back to the run config's `web.listen_address`, then `:10135`. */
  readonly listenAddress?: string;
  /** `--web.config.file` (exporter-toolkit format). */
  readonly webConfigFile?: string;
  /** false (`--no-status-samples`): the status page keeps and serves no log line text. */
  readonly statusSamples?: boolean;
  /** `--web.telemetry-path`; falls back to the run config's `web.telemetry_path`, then `/metrics`. */
  readonly telemetryPath?: string;
}

export function exporterExtension(opts: ExporterExtensionOptions): RunExtension {
  return async (ctx: RunContext): Promise<RunAttachment> => {
    const webConfig: WebConfig | undefined = opts.webConfigFile === undefined ? undefined : loadWebConfig(resolve(opts.webConfigFile));
    const registry = new Registry();
    // One telemetry model: the sources and sinks report into it once; the metrics and the status page read it.
    const telemetry = new Telemetry({ sources: ctx.sources });
    const metrics = new ExporterMetrics(registry, {
      sources: ctx.sources,
      version: ctx.version,
      telemetry,
      ...(ctx.config.metrics.catalog_info !== undefined && { catalogInfo: ctx.config.metrics.catalog_info }),
      ...(ctx.config.metrics.zero_series !== undefined && { zeroSeries: ctx.config.metrics.zero_series }),
    });
    metrics.setCatalog(ctx.knowledge().catalog);
    // `run` loaded all three before starting anything (a failure there is a start-up error, not a metric).
    const startedAt = Date.now();
    for (const kind of ['config', 'rules', 'catalog'] as const) metrics.configLoaded(kind, true, startedAt);
    // Sample lines are off if either the flag or the config file (`web.status_samples: false`) says so.
    const status = attachStatus(ctx, {
      samples: opts.statusSamples !== false && ctx.config.web.status_samples !== false,
      telemetry,
      links: { grafana: ctx.config.web.grafana_url, prometheus: ctx.config.web.prometheus_url },
    });

    let inputsOpen = false;
    void ctx.inputsReady.then(() => {
      inputsOpen = true;
    });
    const listenAddress = opts.listenAddress ?? ctx.config.web.listen_address ?? DEFAULT_LISTEN_ADDRESS;
    const telemetryPath = opts.telemetryPath ?? ctx.config.web.telemetry_path ?? DEFAULT_TELEMETRY_PATH;
    const server = new MetricsServer({
      registry,
      listenAddress,
      webConfig,
      version: ctx.version,
      ready: () => (inputsOpen ? true : { ready: false, reason: 'inputs are still being opened' }),
      log: ctx.log,
      status: status.routes,
      telemetryPath,
    });
    try {
      const { url } = await server.start();
      ctx.log(`Serving metrics on ${url}${telemetryPath}${webConfig?.users.size ? ' (basic auth)' : ''}.`);
    } catch (err) {
      throw new Error(`cannot serve metrics on ${listenAddress} (${(err as Error).message}); choose another --web.listen-address`);
    }

    return {
      stats: telemetry,
      sinkStats: telemetry,
      onEvent: (e) => {
        metrics.recordEvent(e);
        status.recorder.recordEvent(e);
      },
      onKnowledge: (k) => {
        status.recorder.knowledgeLoaded(k);
        metrics.setCatalog(k.catalog);
      },
      onSources: (list) => telemetry.sourcesDescribed(list),
      onKnowledgeFailed: (errors: LoadErrors) => status.recorder.knowledgeFailed(errors),
      // An input or source added by a config reload gets its zero series before its first line is read.
      onConfig: () => {
        for (const name of ctx.sources) metrics.addSource(name);
      },
      onReload: (outcome) => {
        metrics.configLoaded(outcome.kind, outcome.ok, outcome.at);
        if (outcome.kind === 'config' && outcome.ok) metrics.configRestartRequired(outcome.restartRequired.length > 0);
        status.recorder.reloaded(outcome);
      },
      close: () => {
        status.close();
        return server.close();
      },
    };
  };
}
