// The pure per-line transform: extract -> enrich -> classify. One event per (line, family, code); success
// codes yield none; never throws (a line that breaks a stage yields no events). Lines with no anchor
// return a shared empty array and allocate nothing.
import type { Knowledge } from '../knowledge/load-knowledge.js';
import type { TimestampFormat } from '../rules/rule-schema.js';
import type { CodeEvent, LogLine } from '../types.js';
import { classifyEvent } from './classify/classify-event.js';
import { lookupEntry, reportedCode } from './enrich/enrich-match.js';
import type { UnknownCodes } from './enrich/unknown-codes.js';
import { extractMatches } from './extract/extract-matches.js';
import type { Extraction } from './extract/extract-matches.js';
import { parseTimestamp } from './extract/parse-timestamp.js';

/** Length cap of `CodeEvent.line`. */
export const MAX_SAMPLE_LENGTH = 512;

const NO_EVENTS: readonly CodeEvent[] = Object.freeze([]);

/**
 * Every code event in `line`. The result is shared and frozen when empty: read it, do not mutate it.
 * `now` gives the year for month-day timestamps (hilog, vLLM); tests pass a fixed clock.
 */
export function lineToEvents(line: LogLine, knowledge: Knowledge, unknowns: UnknownCodes, now: () => number = Date.now): readonly CodeEvent[] {
  try {
    const extraction = extractMatches(line.text, knowledge.rules);
    if (extraction === undefined || extraction.matches.length === 0) return NO_EVENTS;
    return toEvents(line, extraction, knowledge, unknowns, now);
  } catch {
    return NO_EVENTS;
  }
}

function toEvents(line: LogLine, extraction: Extraction, knowledge: Knowledge, unknowns: UnknownCodes, now: () => number): readonly CodeEvent[] {
  const events: CodeEvent[] = [];
  const seen = new Set<string>();
  const sample = capSample(extraction.text);
  const timestamps = new Map<string, number | undefined>();
  const timestampOf = (formats: readonly TimestampFormat[], text: string): number | undefined => {
    const key = `${formats.join(',')}\u0000${text === extraction.text ? '' : text}`;
    if (!timestamps.has(key)) timestamps.set(key, parseTimestamp(text, formats, now()));
    return timestamps.get(key);
  };
  for (const match of extraction.matches) {
    const family = match.rule.family;
    const entry = lookupEntry(knowledge.catalog, family, match.spelling);
    const classification = classifyEvent(entry, match.labels);
    if (classification.class === 'success') continue;
    const code = reportedCode(entry, family, match.spelling, unknowns);
    const key = `${family}\u0000${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const timestamp = timestampOf(match.rule.timestampFormats, match.timestampText ?? extraction.text);
    events.push({
      family,
      code,
      name: entry?.name ?? '',
      class: classification.class,
      classBasis: classification.classBasis,
      rule: match.rule.id,
      raw: match.raw,
      labels: match.labels,
      source: line.source,
      path: line.path,
      lineNo: line.lineNo,
      ...(timestamp !== undefined && { timestamp }),
      line: sample,
    });
  }
  return events.length === 0 ? NO_EVENTS : events;
}

/** The first MAX_SAMPLE_LENGTH UTF-16 units, never ending inside a surrogate pair. */
export function capSample(text: string): string {
  if (text.length <= MAX_SAMPLE_LENGTH) return text;
  const last = text.charCodeAt(MAX_SAMPLE_LENGTH - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_SAMPLE_LENGTH - 1 : MAX_SAMPLE_LENGTH);
}
