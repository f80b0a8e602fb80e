// The `metrics:` section of the run config: what the exporter's metrics sink exposes besides its counters.
// Both switches trade series for something a fleet can carry elsewhere (docs/deploy.md, "Sizing").
// Unknown keys are reported, not silently ignored. Owned by the exporter's metrics sink.
import { z } from 'zod';

export const metricsConfigSchema = z.strictObject({
  /**
   * false: no `errcode_catalog_info` from this exporter (one series per catalog entry with its text). A fleet
   * carries the text once, in Prometheus, as the generated `errcode:catalog_info` recording rules instead.
   */
  catalog_info: z.boolean().optional(),
  /**
   * false: `errcode_events_total` has no series created at 0 for every catalog code; a code's series is born at
   * its first count, which increase() does not see (the shipped fatal alert still fires: docs/metrics.md).
   */
  zero_series: z.boolean().optional(),
});

export type MetricsConfig = z.output<typeof metricsConfigSchema>;
