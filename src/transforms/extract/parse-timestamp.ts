// Reads the time a line was written from the formats the logs here use, as epoch milliseconds.
// Times without a zone are local (the host's clock wrote them); month-day times take the year from
// `now`, stepping back a year when that would put them more than a day in the future (December logs read in January).
import type { TimestampFormat } from '../../rules/rule-schema.js';

const DAY_MS = 86_400_000;

/** Ascend plog/slog: `2026-05-24-10:11:12.123.456` (milliseconds, then microseconds). */
const PLOG = /(\d{4})-(\d\d)-(\d\d)-(\d\d):(\d\d):(\d\d)\.(\d{3})/;
/** ISO 8601 / RFC 3339 and Python logging: `2026-05-24T10:11:12.123Z`, `2026-05-24 10:11:12,123`. */
const ISO = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?/;
/** hilog `05-24 10:11:12.123` and vLLM `05-24 10:11:12`: no year; not the tail of an ISO date. */
const MONTH_DAY = /(?:^|[^\d-])(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{3}))?/;

/** Timestamps sit near the start of a line; looking further only costs time on long lines. */
export const TIMESTAMP_WINDOW = 512;

/**
 * The first format in `formats` found in the first TIMESTAMP_WINDOW characters of `text`, as epoch ms;
 * undefined when none is there or it is not a real time.
 */
export function parseTimestamp(text: string, formats: readonly TimestampFormat[], now: number): number | undefined {
  const head = text.length > TIMESTAMP_WINDOW ? text.slice(0, TIMESTAMP_WINDOW) : text;
  for (const format of formats) {
    const value = parseOne(head, format, now);
    if (value !== undefined) return value;
  }
  return undefined;
}

function parseOne(text: string, format: TimestampFormat, now: number): number | undefined {
  switch (format) {
    case 'plog': {
      const m = PLOG.exec(text);
      return m === null ? undefined : localTime(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), num(m[7]));
    }
    case 'iso': {
      const m = ISO.exec(text);
      if (m === null) return undefined;
      const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
      const zone = m[8];
      if (zone === undefined) return localTime(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), ms);
      const utc = utcTime(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), ms);
      return utc === undefined ? undefined : utc - zoneOffsetMs(zone);
    }
    case 'hilog':
    case 'vllm': {
      const m = MONTH_DAY.exec(text);
      if (m === null) return undefined;
      const ms = m[6] === undefined ? 0 : num(m[6]);
      const year = yearOf(now);
      const t = localTime(year, num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), ms);
      if (t === undefined || t <= now + DAY_MS) return t;
      return localTime(year - 1, num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), ms);
    }
  }
}

/** The local year of `now`, remembered with the span it holds for (a Date per line showed in profiles). */
let yearFrom: number;
let yearTo: number;
let cachedYear: number;

function yearOf(now: number): number {
  if (now < yearFrom || now >= yearTo) {
    cachedYear = new Date(now).getFullYear();
    yearFrom = new Date(cachedYear, 0, 1).getTime();
    yearTo = new Date(cachedYear + 1, 0, 1).getTime();
  }
  return cachedYear;
}

function num(s: string | undefined): number {
  return s === undefined ? NaN : Number(s);
}

function valid(mo: number, d: number, h: number, mi: number, s: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
}

/** Last local minute converted: lines of one log mostly share it, and new Date(local) is the slow part. */
let cachedMinuteKey: number;
let cachedMinuteStart: number | undefined;

/**
 * Forgets the local year and minute remembered above (the state this module starts in, set here once): they are in
 * the zone of the process that computed them (the V8 start-up snapshot's build runs a scan; a start from it may run
 * in another TZ).
 */
export function forgetLocalTimes(): void {
  yearFrom = 0;
  yearTo = -1;
  cachedYear = 0;
  cachedMinuteKey = -1;
  cachedMinuteStart = undefined;
}
forgetLocalTimes();

function localTime(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  if (!valid(mo, d, h, mi, s)) return undefined;
  // Zone offsets change only on whole minutes, so a minute's start plus seconds is exact.
  const key = (((y * 13 + mo) * 32 + d) * 24 + h) * 60 + mi;
  if (key !== cachedMinuteKey) {
    const date = new Date(y, mo - 1, d, h, mi, 0, 0);
    cachedMinuteKey = key;
    cachedMinuteStart = date.getDate() === d ? date.getTime() : undefined;
  }
  return cachedMinuteStart === undefined ? undefined : cachedMinuteStart + s * 1000 + ms;
}

function utcTime(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  if (!valid(mo, d, h, mi, s)) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return new Date(t).getUTCDate() === d ? t : undefined;
}

function zoneOffsetMs(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
