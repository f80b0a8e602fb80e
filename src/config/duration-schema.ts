// The config files' duration field (see duration.ts); apart so that parsing a --timeout flag loads no zod.
import { z } from 'zod';
import { parseDuration } from './duration.js';

/** A positive duration; the parsed value is milliseconds. */
export const durationSchema = z.union([z.number().int().positive(), z.string()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : parseDuration(v);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a positive duration like 250ms, 5s or 2m, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return ms;
});
