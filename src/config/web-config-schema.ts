// The `web:` section of the run config: where the HTTP server (metrics, status page) listens. Owned by the
// exporter's HTTP server; `run` only validates it and hands it over in the RunContext.
import { z } from 'zod';

export const webConfigSchema = z.strictObject({
  /** `host:port` or `:port`. */
  listen_address: z.string().min(1).optional(),
  /** Where the exposition is served (`--web.telemetry-path`), default `/metrics`. */
  telemetry_path: z.string().min(1).optional(),
  /** The status page links to these when set (its codes to Prometheus graphs). */
  grafana_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  prometheus_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** false: the status page keeps and serves no log line text (same as `--no-status-samples`). */
  status_samples: z.boolean().optional(),
});

export type WebConfig = z.output<typeof webConfigSchema>;
