// Drafts an overlay for a new vendor page: every seed code with the fields the seed lacks, filled with
// `TODO` placeholders and a suggested class. The importer refuses a TODO, so a person reviews each one.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { languageOf } from './seed-entry.js';
import type { SeedEntry, SeedFormat } from './seed-entry.js';
import { detectSeedFormat, SEED_PARSERS } from './seed-parsers.js';

export interface DraftOverlayOptions {
  readonly seedFile: string;
  readonly family: string;
  /** Guessed from the page when omitted. */
  readonly format?: SeedFormat;
}

const RETRY_HINT = /重试|稍后|再试|超时|繁忙|忙|限流|retry|try again|later|timed? ?out|busy|rate limit|too many/i;

/** Overlay YAML text for the seed, ready for a person to translate and confirm. Throws on an unreadable page. */
export function draftOverlay(opts: DraftOverlayOptions): string {
  const text = readFileSync(opts.seedFile, 'utf8');
  const format = opts.format ?? detectSeedFormat(text);
  if (format === undefined) throw new Error(`cannot tell the format of ${opts.seedFile}; pass one of ${Object.keys(SEED_PARSERS).join(', ')}`);
  const entries = SEED_PARSERS[format].parse(text);
  const q = (s: string): string => JSON.stringify(s);
  const out = [
    `# Overlay for the ${opts.family} family (seed ${basename(opts.seedFile)}), drafted by draftOverlay.`,
    '# Replace every TODO (translations, class reasons) and check each suggested class; the importer rejects TODOs.',
    `family: ${opts.family}`,
    'title:',
    '  en: "TODO English title"',
    '  zh: "TODO 中文标题"',
    `seed: ${q(basename(opts.seedFile))}`,
    `format: ${format}`,
    'entries:',
  ];
  for (const e of entries) out.push(...draftEntry(e, q));
  out.push('extra_entries: []');
  return `${out.join('\n')}\n`;
}

function draftEntry(e: SeedEntry, q: (s: string) => string): string[] {
  const lines = [`  ${q(e.code)}:`];
  for (const part of ['message', 'cause', 'remedy'] as const) {
    const have = e[part];
    if (part === 'cause' && have === undefined) continue;
    const missing = (['en', 'zh'] as const).filter((lang) => have?.[lang] === undefined);
    if (missing.length === 0) continue;
    lines.push(`    ${part}:`);
    const from = have?.zh ?? have?.en ?? '';
    for (const lang of missing) lines.push(`      ${lang}: ${q(from && languageOf(from) !== lang ? `TODO translate: ${from}` : 'TODO')}`);
  }
  const [cls, basis, reason] = suggestClass(e);
  lines.push(`    class: ${cls}`, `    class_basis: ${basis}`, `    class_reason: ${q(reason)}`);
  return lines;
}

function suggestClass(e: SeedEntry): [string, string, string] {
  if (e.recoverable !== undefined) return e.recoverable ? ['retryable', 'vendor', 'Vendor: recoverable.'] : ['fatal', 'vendor', 'Vendor: not recoverable.'];
  const message = `${e.message.en ?? ''} ${e.message.zh ?? ''}`;
  if (/^(?:0|0x0+)$/i.test(e.code) || /^(?:成功|success)[。.]?$/i.test(message.trim())) return ['success', 'policy', 'TODO confirm: the success code.'];
  const remedy = `${e.remedy?.en ?? ''} ${e.remedy?.zh ?? ''}`;
  if (RETRY_HINT.test(remedy)) return ['retryable', 'remedy', 'TODO confirm: the vendor remedy suggests retrying.'];
  if (RETRY_HINT.test(message)) return ['retryable', 'policy', 'TODO confirm: the message suggests a transient condition.'];
  return ['fatal', 'policy', 'TODO confirm: nothing suggests a retry helps.'];
}
