// The schema of one catalog file (catalogs/<family>.yaml) as written on disk, snake_case.
// Strict everywhere: an unknown field is an error, so a typo never silently drops knowledge.
import type { z as Zod } from 'zod';
import { zodLibrary } from '../load/zod-library.js';

export const FAMILY_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** A range entry's code: the fixed leading digits, then one `x` per free digit (`561xxx`). */
export const RANGE_CODE_PATTERN = /^(\d*)(x+)$/i;

/**
 * MindCluster's fault handling levels (ascend-device-plugin faultCode.json and its customisation file), mildest
 * first. Bounded: the `level` label of errcode_level_events_total takes only these values.
 */
export const FAULT_LEVELS = [
  'NotHandleFault',
  'SubHealthFault',
  'RestartRequest',
  'RestartBusiness',
  'FreeRestartNPU',
  'RestartNPU',
  'PreSeparateNPU',
  'SeparateNPU',
  'ManuallySeparateNPU',
] as const;

/** A Prometheus range duration in one unit: `30m`, `24h`, `1d`. */
export const ESCALATION_WITHIN_PATTERN = /^[1-9]\d{0,5}(?:s|m|h|d)$/;

/** Why an escalation is refused on a range entry: one message for catalogs and overlays. */
export const ESCALATE_ON_RANGE =
  'a range entry cannot escalate: its members are counted under their own codes, which an alert rule cannot list';
/** Why an escalation is refused on a success entry. */
export const ESCALATE_ON_SUCCESS = 'a success entry cannot escalate: seeing it repeatedly is not a fault';

/** Why an entry's `escalate:` is refused (catalog entries, overlay and extra entries alike); empty when it stands. */
export function escalationRefusals(e: { readonly escalate?: unknown; readonly range?: unknown; readonly class: string }): string[] {
  if (e.escalate === undefined) return [];
  return [...(e.range !== undefined ? [ESCALATE_ON_RANGE] : []), ...(e.class === 'success' ? [ESCALATE_ON_SUCCESS] : [])];
}

/** Built on first use (only a file that differs from the build's snapshot, or `check`, needs it). */
function buildCatalogSchemas() {
  const { z } = zodLibrary();
  const nonBlank = (what: string): Zod.ZodString => z.string().regex(/\S/, `${what} must not be empty`);

  const bilingualSchema = z.strictObject({
    en: nonBlank('English text'),
    zh: nonBlank('Chinese text'),
  });

  const codeClassSchema = z.enum(['retryable', 'fatal', 'success'], {
    error: 'class must be one of retryable, fatal, success',
  });

  const levelSchema = z.enum(FAULT_LEVELS, { error: `level must be one of ${FAULT_LEVELS.join(', ')}` });

  /** "Seen `count` times within `within` on one source" makes the code an alert of `severity` (see catalog alert-rules). */
  const escalateSchema = z.strictObject({
    count: z.int().min(2, 'escalate.count must be at least 2: one occurrence is the class alert\'s job').max(100000),
    within: z.string().regex(ESCALATION_WITHIN_PATTERN, 'escalate.within is a duration in one unit, e.g. 30m, 24h, 1d'),
    severity: z.enum(['page', 'ticket'], { error: 'escalate.severity must be page or ticket' }),
    level: levelSchema.optional(),
    reason: nonBlank('escalate.reason'),
  });

  const spellingSchema = z.string().regex(/^\S+$/, 'a code or alias must be one word without spaces');

  const rangeSchema = z
    .strictObject({
      from: z.int().nonnegative(),
      to: z.int().nonnegative(),
    })
    .superRefine((r, ctx) => {
      if (r.from > r.to) ctx.addIssue({ code: 'custom', message: `range from ${r.from} is greater than to ${r.to}` });
    });

  const contextSchema = z.strictObject({
    when: z.record(z.string().regex(/^[a-z_]+$/, 'a context label is lowercase, e.g. api'), z.array(nonBlank('a context value')).min(1)),
    class: codeClassSchema,
    reason: nonBlank('reason'),
  });

  const catalogEntrySchema = z
    .strictObject({
      code: spellingSchema,
      name: z.string().regex(/^[A-Za-z0-9_]*$/, 'a name is a symbolic identifier like LLM_LINK_FAILED').default(''),
      aliases: z.array(spellingSchema).default([]),
      range: rangeSchema.optional(),
      recoverable: z.boolean().optional(),
      http_status: z.int().min(100).max(599).optional(),
      message: bilingualSchema,
      cause: bilingualSchema.optional(),
      remedy: bilingualSchema,
      class: codeClassSchema,
      class_basis: z.enum(['vendor', 'remedy', 'policy'], { error: 'class_basis must be one of vendor, remedy, policy' }),
      class_reason: nonBlank('class_reason'),
      contexts: z.array(contextSchema).default([]),
      level: levelSchema.optional(),
      escalate: escalateSchema.optional(),
      source: z.string().regex(/^(seed|doc):.+/, 'source must be "seed:<file>" or "doc:<document>"'),
    })
    .superRefine((e, ctx) => {
      for (const message of escalationRefusals(e)) ctx.addIssue({ code: 'custom', path: ['escalate'], message });
      const spelled = RANGE_CODE_PATTERN.exec(e.code);
      if (e.range === undefined) {
        if (spelled) ctx.addIssue({ code: 'custom', path: ['code'], message: `code "${e.code}" is spelled as a range but the entry has no range` });
        return;
      }
      if (!spelled) {
        ctx.addIssue({ code: 'custom', path: ['code'], message: `a range entry's code is spelled like 561xxx, not "${e.code}"` });
        return;
      }
      const span = 10 ** (spelled[2] ?? '').length;
      const lowest = Number(spelled[1] || '0') * span;
      if (e.range.from < lowest || e.range.to > lowest + span - 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['range'],
          message: `range ${e.range.from}..${e.range.to} is outside ${lowest}..${lowest + span - 1}, which code "${e.code}" spells`,
        });
      }
    });

  const catalogFileSchema = z.strictObject({
    family: z.string().regex(FAMILY_ID_PATTERN, 'a family id is lowercase words joined by "-", e.g. llm-datadist'),
    title: bilingualSchema,
    seed: nonBlank('seed'),
    entries: z.array(catalogEntrySchema),
  });
  return { catalogEntrySchema, catalogFileSchema, levelSchema, escalateSchema };
}

let built: ReturnType<typeof buildCatalogSchemas> | undefined;
export function catalogSchemas(): ReturnType<typeof buildCatalogSchemas> {
  return (built ??= buildCatalogSchemas());
}

export type CatalogFileData = Zod.output<ReturnType<typeof buildCatalogSchemas>['catalogFileSchema']>;
export type CatalogEntryData = Zod.output<ReturnType<typeof buildCatalogSchemas>['catalogEntrySchema']>;
