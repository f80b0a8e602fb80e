// Durations in config files and flags: `250ms`, `5s`, `2m`, `1h`, or a plain number of milliseconds.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[2]]);
}
