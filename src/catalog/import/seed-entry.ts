// What a seed parser extracts from one vendor page: only what the vendor wrote, never a translation
// or a judgement. The importer merges these with the hand-written overlay to make catalog entries.

/** The seed formats the importer understands; an overlay names one in its `format` field. */
export const SEED_FORMATS = ['html-table', 'tiled-section', 'constexpr-table', 'pipe-table', 'text-pipe-table'] as const;
export type SeedFormat = (typeof SEED_FORMATS)[number];

export type Lang = 'en' | 'zh';

/** Text in whichever languages the vendor wrote it. */
export interface SeedText {
  readonly en?: string;
  readonly zh?: string;
}

/** A field the seed can provide; the overlay must not repeat any of these for that entry. */
export type SeedField =
  | 'name'
  | 'range'
  | 'http_status'
  | 'recoverable'
  | 'title.zh'
  | 'title.en'
  | `${'message' | 'cause' | 'remedy'}.${Lang}`;

export interface SeedEntry {
  /** The code as the vendor spells it (`161002`, `0x5010B001`, `AIS.0014`, `561xxx`). */
  readonly code: string;
  /** Offset in the seed text where the entry starts, for error positions. */
  readonly offset: number;
  readonly name?: string;
  /** A short heading the vendor gives the code (core-vision `运行超时`); the catalog does not carry it. */
  readonly title?: SeedText;
  readonly range?: { readonly from: number; readonly to: number };
  readonly httpStatus?: number;
  /** The vendor's recoverable column; absent where the vendor says 无 (not applicable). */
  readonly recoverable?: boolean;
  readonly message: SeedText;
  readonly cause?: SeedText;
  readonly remedy?: SeedText;
}

/** Turns one seed page into entries. Pure: same text, same entries. Throws SeedParseError on a page it cannot read. */
export interface SeedParser {
  readonly format: SeedFormat;
  /** Every field this format can provide (each entry provides a subset: see seedFieldsOf). */
  readonly provides: readonly SeedField[];
  readonly parse: (text: string) => SeedEntry[];
}

export interface SeedProblem {
  /** Offset in the seed text the problem is about. */
  readonly offset: number;
  readonly message: string;
}

/** Everything wrong with a seed page, collected before giving up, so one run shows all of it. */
export class SeedParseError extends Error {
  readonly problems: readonly SeedProblem[];
  constructor(problems: readonly SeedProblem[]) {
    super(problems.map((p) => `@${p.offset} ${p.message}`).join('\n'));
    this.name = 'SeedParseError';
    this.problems = problems;
  }
}

/** The fields this particular entry got from the seed (non-empty values only). */
export function seedFieldsOf(e: SeedEntry): SeedField[] {
  const fields: SeedField[] = [];
  if (e.name) fields.push('name');
  if (e.range) fields.push('range');
  if (e.httpStatus !== undefined) fields.push('http_status');
  if (e.recoverable !== undefined) fields.push('recoverable');
  for (const part of ['title', 'message', 'cause', 'remedy'] as const) {
    const text = e[part];
    if (text?.en) fields.push(`${part}.en` as SeedField);
    if (text?.zh) fields.push(`${part}.zh` as SeedField);
  }
  return fields;
}

const HAN = /\p{Script=Han}/u;

/** The language of a piece of vendor text: Chinese if it contains any Han character. */
export function languageOf(text: string): Lang {
  return HAN.test(text) ? 'zh' : 'en';
}
