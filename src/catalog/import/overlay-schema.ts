// The schema of a hand-maintained overlay (catalogs/overlays/<family>.yaml): what a seed cannot give
// (translations, classes, aliases, contexts) plus complete extra entries from public documents.
// Strict everywhere, so a misspelt field is an error rather than knowledge silently dropped.
import type { z as Zod } from 'zod';
import { zodLibrary } from '../../load/zod-library.js';
import { SEED_FORMATS } from './seed-entry.js';
import { catalogSchemas, escalationRefusals } from '../catalog-schema.js';

/** Built on first use, from the same copy of zod as the catalog schemas whose level and escalate it nests. */
function buildOverlaySchemas() {
  const { z } = zodLibrary();
  const { levelSchema, escalateSchema } = catalogSchemas();

  const nonBlank = (what: string): Zod.ZodString => z.string().regex(/\S/, `${what} must not be empty`);

  const someLanguages = z.strictObject({ en: nonBlank('English text').optional(), zh: nonBlank('Chinese text').optional() });
  const bothLanguages = z.strictObject({ en: nonBlank('English text'), zh: nonBlank('Chinese text') });
  const codeClass = z.enum(['retryable', 'fatal', 'success'], { error: 'class must be one of retryable, fatal, success' });
  const classBasis = z.enum(['vendor', 'remedy', 'policy'], { error: 'class_basis must be one of vendor, remedy, policy' });
  const spelling = z.string().regex(/^\S+$/, 'a code or alias must be one word without spaces');
  const symbolicName = z.string().regex(/^[A-Za-z0-9_]*$/, 'a name is a symbolic identifier like LLM_LINK_FAILED');

  const contextClass = z.strictObject({
    when: z.record(z.string().regex(/^[a-z_]+$/, 'a context label is lowercase, e.g. api'), z.array(nonBlank('a context value')).min(1)),
    class: codeClass,
    reason: nonBlank('reason'),
  });

  /** What the overlay adds to one seed code. Seed-provided fields must not appear (checked in the merge). */
  const overlayEntrySchema = z.strictObject({
    name: symbolicName.optional(),
    aliases: z.array(spelling).optional(),
    message: someLanguages.optional(),
    cause: someLanguages.optional(),
    remedy: someLanguages.optional(),
    class: codeClass,
    class_basis: classBasis,
    class_reason: nonBlank('class_reason'),
    contexts: z.array(contextClass).optional(),
    level: levelSchema.optional(),
    escalate: escalateSchema.optional(),
  }).superRefine((e, ctx) => {
    // A seed range's entry is refused in the merge, where the seed is known.
    for (const message of escalationRefusals(e)) ctx.addIssue({ code: 'custom', path: ['escalate'], message });
  });

  /** A complete entry that is not in the seed, with the public document it came from. */
  const extraEntrySchema = z.strictObject({
    code: spelling,
    name: symbolicName.optional(),
    aliases: z.array(spelling).optional(),
    range: z.strictObject({ from: z.int().nonnegative(), to: z.int().nonnegative() }).optional(),
    recoverable: z.boolean().optional(),
    http_status: z.int().min(100).max(599).optional(),
    message: bothLanguages,
    cause: bothLanguages.optional(),
    remedy: bothLanguages,
    class: codeClass,
    class_basis: classBasis,
    class_reason: nonBlank('class_reason'),
    contexts: z.array(contextClass).optional(),
    level: levelSchema.optional(),
    escalate: escalateSchema.optional(),
    source: z.string().regex(/^doc:\S.*/, 'an extra entry\'s source is "doc:<public vendor document>"'),
  }).superRefine((e, ctx) => {
    for (const message of escalationRefusals(e)) ctx.addIssue({ code: 'custom', path: ['escalate'], message });
  });

  const overlaySchema = z.strictObject({
    family: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'a family id is lowercase words joined by "-", e.g. llm-datadist'),
    title: bothLanguages,
    seed: nonBlank('seed'),
    format: z.enum(SEED_FORMATS, { error: `format must be one of ${SEED_FORMATS.join(', ')}` }),
    entries: z.record(z.string(), overlayEntrySchema),
    extra_entries: z.array(extraEntrySchema).default([]),
  });
  return { overlaySchema, overlayEntrySchema, extraEntrySchema, contextClass };
}

let built: ReturnType<typeof buildOverlaySchemas> | undefined;
export function overlaySchemas(): ReturnType<typeof buildOverlaySchemas> {
  return (built ??= buildOverlaySchemas());
}

type OverlaySchemas = ReturnType<typeof buildOverlaySchemas>;
export type Overlay = Zod.output<OverlaySchemas['overlaySchema']>;
export type OverlayEntry = Zod.output<OverlaySchemas['overlayEntrySchema']>;
export type ExtraEntry = Zod.output<OverlaySchemas['extraEntrySchema']>;
export type ContextData = Zod.output<OverlaySchemas['contextClass']>;
