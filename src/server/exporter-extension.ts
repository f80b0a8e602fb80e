// Attaches the exporter to `run`: ExporterMetrics on its own Registry (sources' hooks and every event), the
// catalog applied at start and on every reload, and the HTTP server, ready once inputs are open.
// Start-up problems (a bad web config file, a port in use) are thrown as errors that say what to fix.
import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import type { LoadErrors } from '../load/load-error.js';
import type { RunAttachment, RunContext, RunExtension } from '../run/run-context.js';
import { ExporterMetrics } from '../sinks/metrics/exporter-metrics.js';
import { DEFAULT_LISTEN_ADDRESS } from './listen-address.js';
import { MetricsServer } from './metrics-server.js';
import type { WebConfig } from './web-config.js';
import { loadWebConfig } from './web-config.js';

export interface ExporterExtensionOptions {
  /** `--web.listen-address`; falls back to the run config's `web.listen_address`, then `:10135`. */
  readonly listenAddress?: string;
  /** `--web.config.file` (exporter-toolkit format). */
  readonly webConfigFile?: string;
}

export function exporterExtension(opts: ExporterExtensionOptions): RunExtension {
  return async (ctx: RunContext): Promise<RunAttachment> => {
    const webConfig: WebConfig | undefined = opts.webConfigFile === undefined ? undefined : loadWebConfig(resolve(opts.webConfigFile));
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { sources: ctx.sources, version: ctx.version });
    metrics.setCatalog(ctx.knowledge().catalog);
    metrics.configLoaded('catalog', true);
    metrics.configLoaded('rules', true);

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
    });
    try {
      const { url } = await server.start();
      ctx.log(`Serving metrics on ${url}/metrics${webConfig?.users.size ? ' (basic auth)' : ''}.`);
    } catch (err) {
      throw new Error(`cannot serve metrics on ${listenAddress} (${(err as Error).message}); choose another --web.listen-address`);
    }

    return {
      stats: metrics,
      onEvent: (e) => metrics.recordEvent(e),
      onKnowledge: (k) => {
        metrics.setCatalog(k.catalog);
        metrics.configLoaded('catalog', true);
        metrics.configLoaded('rules', true);
      },
      onKnowledgeFailed: (errors: LoadErrors) => {
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
