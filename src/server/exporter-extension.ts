// Attaches the exporter to `run`: ExporterMetrics on its own Registry (sources' hooks and every event), the
// catalog applied at start and on every reload, and the HTTP server, ready once inputs are open, with the
// status page on `/` (src/status) fed by the same hooks.
// Start-up problems (a bad web config file, a port in use) are thrown as errors that say what to fix.
import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import type { LoadErrors } from '../load/load-error.js';
import type { RunAttachment, RunContext, RunExtension } from '../run/run-context.js';
import { ExporterMetrics } from '../sinks/metrics/exporter-metrics.js';
import { fanOutStats } from '../sinks/report/scan-stats.js';
import { attachStatus } from '../status/attach-status.js';
import { DEFAULT_LISTEN_ADDRESS } from './listen-address.js';
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
}

export function exporterExtension(opts: ExporterExtensionOptions): RunExtension {
  return async (ctx: RunContext): Promise<RunAttachment> => {
    const webConfig: WebConfig | undefined = opts.webConfigFile === undefined ? undefined : loadWebConfig(resolve(opts.webConfigFile));
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { sources: ctx.sources, version: ctx.version });
    metrics.setCatalog(ctx.knowledge().catalog);
    metrics.configLoaded('catalog', true);
    metrics.configLoaded('rules', true);
    // Sample lines are off if either the flag or the config file (`web.status_samples: false`) says so.
    const status = attachStatus(ctx, { samples: opts.statusSamples !== false && ctx.config.web.status_samples !== false });

    let inputsOpen = false;
    void ctx.inputsReady.then(() => {
      inputsOpen = true;
    });
    const listenAddress = opts.listenAddress ?? ctx.config.web.listen_address ?? DEFAULT_LISTEN_ADDRESS;
    const server = new MetricsServer({
      registry,
      listenAddress,
      webConfig,
      version: ctx.version,
      ready: () => (inputsOpen ? true : { ready: false, reason: 'inputs are still being opened' }),
      log: ctx.log,
      status: status.routes,
    });
    try {
      const { url } = await server.start();
      ctx.log(`Serving metrics on ${url}/metrics${webConfig?.users.size ? ' (basic auth)' : ''}.`);
    } catch (err) {
      throw new Error(`cannot serve metrics on ${listenAddress} (${(err as Error).message}); choose another --web.listen-address`);
    }

    return {
      stats: fanOutStats(metrics, status.recorder),
      onEvent: (e) => {
        metrics.recordEvent(e);
        status.recorder.recordEvent(e);
      },
      onKnowledge: (k) => {
        status.recorder.knowledgeLoaded(k);
        metrics.setCatalog(k.catalog);
        metrics.configLoaded('catalog', true);
        metrics.configLoaded('rules', true);
      },
      onKnowledgeFailed: (errors: LoadErrors) => {
        status.recorder.knowledgeFailed(errors);
        for (const kind of failedKinds(errors, ctx.config.rulesDir)) metrics.configLoaded(kind, false);
      },
      close: () => server.close(),
    };
  };
}

/** Which of rules and catalogs a failed reload was about: rule files live under the rules directory. */
function failedKinds(errors: LoadErrors, rulesDir: string): ('catalog' | 'rules')[] {
  const rulesPrefix = resolve(rulesDir);
  const kinds = new Set<'catalog' | 'rules'>();
  for (const e of errors.errors) kinds.add(resolve(e.file).startsWith(rulesPrefix) ? 'rules' : 'catalog');
  return kinds.size === 0 ? ['catalog', 'rules'] : [...kinds];
}
