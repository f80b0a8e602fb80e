// The pure per-line transform: extract -> enrich -> classify. One event per (line, family, code); success
// codes yield none. A stage that throws (a bug) is not swallowed here: the pipeline operator that owns the
// hot path (pipeline/code-event-pipeline.ts) counts the line as failed and goes on. Lines with no anchor
// return a shared empty array and allocate nothing.
import type { CatalogEntry } from '../catalog/catalog-types.js';
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
  const extraction = extractMatches(line.text, knowledge.rules, line.anchored === true);
  if (extraction === undefined || extraction.matches.length === 0) return NO_EVENTS;
  return toEvents(line, extraction, knowledge, unknowns, now);
}

function toEvents(line: LogLine, extraction: Extraction, knowledge: Knowledge, unknowns: UnknownCodes, now: () => number): readonly CodeEvent[] {
  let events: CodeEvent[] | undefined;
  let sample: string | undefined;
  // Usually every event of a line comes from one rule: remember the last parse.
  let lastFormats: readonly TimestampFormat[] | undefined;
  let lastText = '';
  let lastTimestamp: number | undefined;
  for (const match of extraction.matches) {
    const family = match.rule.family;
    const entry = lookupEntry(knowledge.catalog, family, match.spelling);
    if (entry === undefined ? match.rule.knownOnly || match.needsCatalogText : match.needsCatalogText && !carriesCatalogText(extraction.text, entry)) continue;
    const classification = classifyEvent(entry, match.labels);
    if (classification.class === 'success') continue;
    const code = reportedCode(entry, family, match.spelling, unknowns);
    if (events !== undefined && events.some((e) => e.code === code && e.family === family)) continue;
    const formats = match.rule.timestampFormats;
    const text = match.timestampText ?? extraction.text;
    if (line.time === undefined && (formats !== lastFormats || text !== lastText)) {
      lastFormats = formats;
      lastText = text;
      lastTimestamp = parseTimestamp(text, formats, now());
    }
    sample ??= capSample(extraction.text);
    const event: { -readonly [K in keyof CodeEvent]: CodeEvent[K] } = {
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
      line: sample,
    };
    if (entry?.level !== undefined) event.level = entry.level;
    // The container runtime's record time is exact and zoned; the line's own text may lack a year or zone.
    const timestamp = line.time ?? lastTimestamp;
    if (timestamp !== undefined) event.timestamp = timestamp;
    if (line.pod !== undefined) event.pod = line.pod;
    (events ??= []).push(event);
  }
  return events ?? NO_EVENTS;
}

/** The line names the entry (its symbolic name) or says its message, in either language: evidence the code is this one. */
function carriesCatalogText(text: string, entry: CatalogEntry): boolean {
  if (entry.name !== '' && text.includes(entry.name)) return true;
  for (const message of [entry.message.zh, entry.message.en]) {
    const core = message.replace(/[\s.。!！]+$/u, '');
    if (core.length >= 2 && text.includes(core)) return true;
  }
  return false;
}

/** The first MAX_SAMPLE_LENGTH UTF-16 units, never ending inside a surrogate pair. */
export function capSample(text: string): string {
  if (text.length <= MAX_SAMPLE_LENGTH) return text;
  const last = text.charCodeAt(MAX_SAMPLE_LENGTH - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_SAMPLE_LENGTH - 1 : MAX_SAMPLE_LENGTH);
}
