// Durations in config files and flags: `250ms`, `5s`, `2m`, `1h`, or a plain number of milliseconds.
import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[2]]);
}

/** A positive duration; the parsed value is milliseconds. */
export const durationSchema = z.union([z.number().int().positive(), z.string()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : parseDuration(v);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a positive duration like 250ms, 5s or 2m, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return ms;
});
