// The run config file (YAML). Keys mirror the `run` flags; unknown keys are errors with positions.
// `web:` and `metrics:` belong to the exporter's HTTP server and metrics sink (see their schema files);
// each `sources:` and `sinks:` section to the component its `type` names.
import { FAMILY_ID_PATTERN } from '../catalog/catalog-schema.js';
import { z } from 'zod';
import { sinksConfigSchema, sourcesConfigSchema } from '../pipeline/component-config.js';
import { durationSchema } from './duration-schema.js';
import { metricsConfigSchema } from './metrics-config-schema.js';
import { MAX_LINE_BYTES_LIMIT, MIN_LINE_BYTES, SOURCE_NAME, SOURCE_NAME_RULE } from './source-settings.js';
import { webConfigSchema } from './web-config-schema.js';

export { MAX_LINE_BYTES_LIMIT, MIN_LINE_BYTES, SOURCE_NAME, SOURCE_NAME_RULE } from './source-settings.js';

export const inputConfigSchema = z.strictObject({
  name: z.string().regex(SOURCE_NAME, `an input name is ${SOURCE_NAME_RULE}`),
  include: z.array(z.string().min(1)).min(1, 'an input needs at least one include glob'),
  exclude: z.array(z.string().min(1)).optional(),
  from_beginning: z.boolean().optional(),
  poll: z.boolean().optional(),
  poll_interval: durationSchema.optional(),
  max_line_bytes: z.number().int().min(MIN_LINE_BYTES).max(MAX_LINE_BYTES_LIMIT).optional(),
  partial_line_timeout: durationSchema.optional(),
});

export const runConfigFileSchema = z.strictObject({
  inputs: z.array(inputConfigSchema).optional(),
  /** Other sources, each by its `type` (exec, ...): see pipeline/component-registry.ts. */
  sources: sourcesConfigSchema.optional(),
  /** Where events go besides the metrics and status page, each by its `type` (webhook, ...). */
  sinks: sinksConfigSchema.optional(),
  stdin: z.boolean().optional(),
  positions: z.string().min(1).optional(),
  checkpoint_interval: durationSchema.optional(),
  rescan_interval: durationSchema.optional(),
  rotate_wait: durationSchema.optional(),
  rules: z.string().min(1).optional(),
  catalogs: z.string().min(1).optional(),
  web: webConfigSchema.optional(),
  metrics: metricsConfigSchema.optional(),
  /** Per family, literals that mark a line as that family's (see rules/compile-rule-file.ts, docs/rules.md). */
  context: z
    .record(z.string(), z.array(z.string().min(1, 'a context literal must not be empty')).min(1, 'list at least one literal'))
    .superRefine((families, ctx) => {
      for (const family of Object.keys(families)) {
        if (!FAMILY_ID_PATTERN.test(family)) ctx.addIssue({ code: 'custom', path: [family], message: `"${family}" is not a family id: lowercase words joined by "-", e.g. speech-sdk` });
      }
    })
    .optional(),
});

export type InputConfig = z.output<typeof inputConfigSchema>;
export type RunConfigFile = z.output<typeof runConfigFileSchema>;
