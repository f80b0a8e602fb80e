// The schema of one rule file (rules/<family>.yaml) as written on disk. Strict everywhere: an unknown
// field is an error with its position, so a typo never silently turns a rule off. See docs/rules.md.
import type { z as Zod } from 'zod';
import { zodLibrary } from '../load/zod-library.js';
import { FAMILY_ID_PATTERN, catalogSchemas } from '../catalog/catalog-schema.js';

/** Labels a pattern may capture besides `code` (and `ts`, the timestamp text). */
export const LABEL_NAMES = ['api', 'device', 'pid', 'request_id'] as const;
export type LabelName = (typeof LABEL_NAMES)[number];

/** How a captured value becomes a catalog spelling (see transforms/extract/map-code.ts). */
export const MAP_KINDS = ['decimal', 'hex-from-decimal', 'enum-name', 'as-is', 'uppercase-prefix'] as const;
export type MapKind = (typeof MAP_KINDS)[number];

/** Timestamp layouts a rule may read from its line (see transforms/extract/parse-timestamp.ts). */
export const TIMESTAMP_FORMATS = ['plog', 'iso', 'hilog', 'vllm'] as const;
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];

export const RULE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The largest `window` an evidence regex may read on either side of a code. */
export const MAX_EVIDENCE_WINDOW = 200;
export const DEFAULT_EVIDENCE_WINDOW = 32;

/** Built on first use (only a file that differs from the build's snapshot, or `check`, needs it). */
function buildRuleSchemas() {
  const { z } = zodLibrary();
  const nonEmpty = (what: string): Zod.ZodString => z.string().min(1, `${what} must not be empty`);
  const labelName = z.enum(LABEL_NAMES, { error: `a label is one of ${LABEL_NAMES.join(', ')}` });

  /** One condition on a line (`contains`, `matches`) or on a captured label (`label` with `matches` or `in`). */
  const conditionSchema = z
    .strictObject({
      contains: nonEmpty('contains').optional(),
      matches: nonEmpty('matches').optional(),
      label: labelName.optional(),
      in: z.array(nonEmpty('a label value')).min(1).optional(),
    })
    .superRefine((c, ctx) => {
      const tests = [c.contains, c.matches, c.in].filter((t) => t !== undefined).length;
      if (tests !== 1) ctx.addIssue({ code: 'custom', message: 'a condition has exactly one of contains, matches or in' });
      if (c.in !== undefined && c.label === undefined) ctx.addIssue({ code: 'custom', message: '"in" needs a "label" to test' });
      if (c.contains !== undefined && c.label !== undefined) ctx.addIssue({ code: 'custom', message: 'use "matches" or "in" with "label"; "contains" tests the whole line' });
    });

  const expectedEventSchema = z.strictObject({
    family: z.string().regex(FAMILY_ID_PATTERN, 'a family id is lowercase words joined by "-"').optional(),
    code: z.string({ error: 'code must be a quoted string, e.g. code: "161002" (YAML reads 0x5010B001 as a number)' }).min(1),
    class: z.enum(['retryable', 'fatal', 'unknown'], { error: 'class must be one of retryable, fatal, unknown (success codes give no event)' }),
    name: z.string().optional(),
    class_basis: z.enum(['vendor', 'remedy', 'policy', 'context', 'unknown']).optional(),
    level: catalogSchemas().levelSchema.optional(),
    labels: z.partialRecord(labelName, z.string()).optional(),
    timestamp: z
      .string()
      .regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/, 'timestamp is local time written "2026-05-24 10:11:12.123"')
      .optional(),
  });

  const ruleTestSchema = z
    .strictObject({
      description: z.string().optional(),
      line: z.string(),
      events: z.array(expectedEventSchema).min(1).optional(),
      none: z.literal(true).optional(),
    })
    .superRefine((t, ctx) => {
      if ((t.events === undefined) === (t.none === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'a test has either "events" (what the line yields) or "none: true" (it yields nothing)' });
      }
    });

  const patternList = z.union([nonEmpty('pattern'), z.array(nonEmpty('pattern')).min(1)]);

  /**
   * One kind of evidence that a matched token is this family's error code: a cue regex on the `window` characters
   * before (`before`) or after (`after`) the code, or the code's own catalog name or message on the line (`catalog_text`).
   */
  const evidenceSchema = z
    .strictObject({
      before: nonEmpty('before').optional(),
      after: nonEmpty('after').optional(),
      catalog_text: z.literal(true, { error: 'catalog_text is true or absent' }).optional(),
      window: z
        .number()
        .int('window is a whole number of characters')
        .min(1)
        .max(MAX_EVIDENCE_WINDOW, `window is at most ${MAX_EVIDENCE_WINDOW} characters`)
        .optional(),
    })
    .superRefine((e, ctx) => {
      const kinds = [e.before, e.after, e.catalog_text].filter((k) => k !== undefined).length;
      if (kinds !== 1) ctx.addIssue({ code: 'custom', message: 'an evidence item has exactly one of before, after or catalog_text' });
      if (e.window !== undefined && e.catalog_text !== undefined) ctx.addIssue({ code: 'custom', message: 'window goes with before or after, not catalog_text' });
    });

  const ruleSchema = z.strictObject({
    id: z.string().regex(RULE_ID_PATTERN, 'a rule id is lowercase words joined by "-", e.g. aclnn-call-failed'),
    description: z.string().optional(),
    anchors: z.array(nonEmpty('an anchor'), { error: 'anchors is a list of literal strings' }).min(1, 'a rule needs at least one anchor'),
    pattern: nonEmpty('pattern'),
    map: z.enum(MAP_KINDS, { error: `map is one of ${MAP_KINDS.join(', ')}` }).default('as-is'),
    labels: z.partialRecord(labelName, patternList).optional(),
    exclude: z.array(conditionSchema).default([]),
    require_context: z.array(conditionSchema).min(1).optional(),
    evidence: z.array(evidenceSchema).min(1).optional(),
    known_only: z.boolean().default(false),
    require_catalog_text: z.boolean().default(false),
    timestamp: z.array(z.enum(TIMESTAMP_FORMATS, { error: `a timestamp format is one of ${TIMESTAMP_FORMATS.join(', ')}` })).min(1).optional(),
    tests: z.array(ruleTestSchema).min(1, 'every rule carries at least one test'),
  });

  const ruleFileSchema = z.strictObject({
    family: z.string().regex(FAMILY_ID_PATTERN, 'a family id is lowercase words joined by "-", e.g. llm-datadist'),
    description: z.string().optional(),
    rules: z.array(ruleSchema).min(1, 'a rule file holds at least one rule'),
    tests: z.array(ruleTestSchema).default([]),
  });
  // For a file that failed the schema: its rules are validated one by one (load-rules.ts).
  const looseFileSchema = z.looseObject({ family: z.string(), rules: z.array(z.unknown()) });
  return { ruleFileSchema, ruleSchema, ruleTestSchema, conditionSchema, evidenceSchema, looseFileSchema };
}

type RuleSchemas = ReturnType<typeof buildRuleSchemas>;
let built: RuleSchemas | undefined;
export function ruleSchemas(): RuleSchemas {
  return (built ??= buildRuleSchemas());
}

export type RuleFileData = Zod.output<RuleSchemas['ruleFileSchema']>;
export type RuleData = Zod.output<RuleSchemas['ruleSchema']>;
export type RuleTestData = Zod.output<RuleSchemas['ruleTestSchema']>;
export type ConditionData = Zod.output<RuleSchemas['conditionSchema']>;
export type EvidenceData = Zod.output<RuleSchemas['evidenceSchema']>;
