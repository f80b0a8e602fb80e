import { describe, expect, it } from 'vitest';
import type { TimestampFormat } from '../../src/rules/rule-schema.js';
import { parseTimestamp } from '../../src/transforms/extract/parse-timestamp.js';

const NOW = new Date(2026, 5, 1, 12, 0, 0).getTime();
const local = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number => new Date(y, mo - 1, d, h, mi, s, ms).getTime();

describe('parseTimestamp', () => {
  it.each<[string, string, readonly TimestampFormat[], number | undefined]>([
    ['plog', '[ERROR] RUNTIME(1,p):2026-05-24-10:11:12.123.456 [a.cc:1]2 x', ['plog'], local(2026, 5, 24, 10, 11, 12, 123)],
    ['iso with Z', '2026-05-24T02:11:12.5Z x', ['iso'], Date.UTC(2026, 4, 24, 2, 11, 12, 500)],
    ['iso with offset', '2026-05-24T10:11:12+08:00 x', ['iso'], Date.UTC(2026, 4, 24, 2, 11, 12, 0)],
    ['python logging (local)', '2026-05-24 10:11:12,345 ERROR x', ['iso'], local(2026, 5, 24, 10, 11, 12, 345)],
    ['hilog takes the year from now', '05-24 10:11:12.123  1  2 E A00000/T: x', ['hilog'], local(2026, 5, 24, 10, 11, 12, 123)],
    ['vllm without milliseconds', '(EngineCore_DP0 pid=1) ERROR 05-24 10:11:12 [a.py:1] x', ['vllm'], local(2026, 5, 24, 10, 11, 12, 0)],
    ['a month-day in the future is last year', '12-30 23:59:59.000  1  2 E A00000/T: x', ['hilog'], local(2025, 12, 30, 23, 59, 59, 0)],
    ['month-day is not read inside an ISO date', '2026-05-24 10:11:12 x', ['hilog'], undefined],
    ['first listed format found wins', '2026-05-24T02:11:12Z stdout F 05-24 10:11:12.123 x', ['iso', 'hilog'], Date.UTC(2026, 4, 24, 2, 11, 12, 0)],
    ['falls through to the next format', '05-24 10:11:12.123 x', ['plog', 'iso', 'hilog'], local(2026, 5, 24, 10, 11, 12, 123)],
    ['impossible dates are no time', '2026-02-30-10:11:12.123.456', ['plog'], undefined],
    ['out-of-range hours are no time', '2026-05-24T25:11:12Z', ['iso'], undefined],
    ['no timestamp', 'errCode: 200', ['plog', 'iso', 'hilog'], undefined],
  ])('%s', (_name, text, formats, expected) => {
    expect(parseTimestamp(text, formats, NOW)).toBe(expected);
  });

  it('gives consecutive lines of the same minute their own seconds', () => {
    const a = parseTimestamp('2026-05-24-10:11:12.001.000', ['plog'], NOW);
    const b = parseTimestamp('2026-05-24-10:11:59.999.000', ['plog'], NOW);
    expect(b! - a!).toBe(47_998);
  });

  it('takes the year from each call\'s now, also across a new year', () => {
    const text = '01-02 03:04:05.006  1  2 E A00000/T: x';
    expect(parseTimestamp(text, ['hilog'], new Date(2026, 0, 10).getTime())).toBe(local(2026, 1, 2, 3, 4, 5, 6));
    expect(parseTimestamp(text, ['hilog'], new Date(2027, 0, 10).getTime())).toBe(local(2027, 1, 2, 3, 4, 5, 6));
    expect(parseTimestamp(text, ['hilog'], new Date(2026, 0, 10).getTime())).toBe(local(2026, 1, 2, 3, 4, 5, 6));
  });
});
