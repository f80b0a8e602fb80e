// The `metrics:` section of the run config: reserved for the metrics sink's settings (none yet, so any
// key is reported as unknown rather than silently ignored). Owned by the exporter's metrics sink.
import { z } from 'zod';

export const metricsConfigSchema = z.strictObject({});

export type MetricsConfig = z.output<typeof metricsConfigSchema>;
