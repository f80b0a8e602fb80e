// Merges a seed's entries with its overlay into catalog entries. The seed is authoritative: an overlay
// that repeats a seed field, misses a seed code or names a code the seed lacks is an error, with position.
import { ESCALATE_ON_RANGE } from '../catalog-schema.js';
import type { Bilingual, Escalation, FaultLevel } from '../catalog-types.js';
import type { LoadError } from '../../load/load-error.js';
import type { ContextData, ExtraEntry, Overlay, OverlayEntry } from './overlay-schema.js';
import { seedFieldsOf } from './seed-entry.js';
import type { SeedEntry, SeedField, SeedText } from './seed-entry.js';

/** One catalog entry as written to catalogs/<family>.yaml (snake_case, file order). */
export interface GeneratedEntry {
  readonly code: string;
  readonly name: string;
  readonly range?: { readonly from: number; readonly to: number };
  readonly aliases: readonly string[];
  readonly recoverable?: boolean;
  readonly http_status?: number;
  readonly message: Bilingual;
  readonly cause?: Bilingual;
  readonly remedy: Bilingual;
  readonly class: 'retryable' | 'fatal' | 'success';
  readonly class_basis: 'vendor' | 'remedy' | 'policy';
  readonly class_reason: string;
  readonly contexts: readonly ContextData[];
  readonly level?: FaultLevel;
  readonly escalate?: Escalation;
  readonly source: string;
}

export interface GeneratedCatalog {
  readonly family: string;
  readonly title: Bilingual;
  readonly seed: string;
  readonly entries: readonly GeneratedEntry[];
}

type Path = readonly (string | number)[];

/** Where things are in the overlay file: a key's own position, or its value's. */
export interface OverlayPositions {
  readonly file: string;
  readonly key: (path: Path) => { line: number; col: number };
  readonly value: (path: Path) => { line: number; col: number };
}

const TEXT_PARTS = ['message', 'cause', 'remedy'] as const;

/** The merged catalog, or every problem found; `seedName` is the seed file's base name. */
export function mergeOverlay(seedName: string, seed: readonly SeedEntry[], overlay: Overlay, at: OverlayPositions): { catalog?: GeneratedCatalog; errors: LoadError[] } {
  const errors: LoadError[] = [];
  const fail = (pos: { line: number; col: number }, message: string): void => {
    errors.push({ file: at.file, line: pos.line, col: pos.col, message });
  };
  const seedCodes = new Set(seed.map((e) => e.code));
  for (const code of Object.keys(overlay.entries)) {
    if (seedCodes.has(code)) continue;
    const twin = seed.find((e) => numericValue(e.code) !== undefined && numericValue(e.code) === numericValue(code));
    const hint = twin ? ` (did you mean "${twin.code}"? quote hex codes, or YAML reads them as numbers)` : '';
    fail(at.key(['entries', code]), `overlay entry "${code}" is not a code in seed ${seedName}${hint}; put entries from other documents in extra_entries`);
  }

  for (const lang of ['en', 'zh'] as const) {
    if (/^TODO\b/.test(overlay.title[lang])) fail(at.value(['title', lang]), `the title still has a draft placeholder: ${JSON.stringify(overlay.title[lang])}`);
  }
  const entries: GeneratedEntry[] = [];
  for (const s of seed) {
    const o = overlay.entries[s.code];
    if (o === undefined) {
      fail(at.key(['entries']), `seed code "${s.code}"${s.name ? ` (${s.name})` : ''} has no overlay entry; add one with at least class, class_basis and class_reason`);
      continue;
    }
    entries.push(mergeEntry(seedName, s, o, (path, message) => fail(at.key(['entries', s.code, ...path]), message)));
  }
  overlay.extra_entries.forEach((x, i) => {
    if (seedCodes.has(x.code)) fail(at.value(['extra_entries', i, 'code']), `extra entry "${x.code}" is already in seed ${seedName}; give its overlay under entries instead`);
    entries.push(fromExtra(x));
  });
  checkSpellings(entries, overlay, at, fail);
  return errors.length > 0 ? { errors } : { catalog: { family: overlay.family, title: overlay.title, seed: overlay.seed, entries }, errors };
}

function mergeEntry(seedName: string, s: SeedEntry, o: OverlayEntry, fail: (path: Path, message: string) => void): GeneratedEntry {
  const fromSeed = new Set<SeedField>(seedFieldsOf(s));
  const repeated = (field: SeedField, path: Path): void => {
    if (!fromSeed.has(field)) return;
    fail(path, `${field} of "${s.code}" comes from the seed (the vendor's text wins); remove it from the overlay`);
  };
  if (o.name !== undefined) repeated('name', ['name']);
  for (const part of TEXT_PARTS) {
    for (const lang of ['en', 'zh'] as const) if (o[part]?.[lang] !== undefined) repeated(`${part}.${lang}`, [part, lang]);
  }
  for (const [path, text] of placeholders(o)) {
    fail(path, `"${s.code}" still has a draft placeholder: ${JSON.stringify(text.slice(0, 60))}`);
  }
  if (s.range !== undefined && o.escalate !== undefined) fail(['escalate'], `"${s.code}": ${ESCALATE_ON_RANGE}`);
  const texts: Partial<Record<(typeof TEXT_PARTS)[number], Bilingual>> = {};
  for (const part of TEXT_PARTS) {
    const merged = bilingual(s[part], o[part]);
    if (merged === 'none') {
      if (part !== 'cause') {
        fail([], `"${s.code}" has no ${part}; add ${part}.en and ${part}.zh to the overlay`);
      }
    } else if (typeof merged === 'string') {
      fail([], `"${s.code}" has no ${part}.${merged}; add it to the overlay`);
    } else texts[part] = merged;
  }
  if (s.recoverable !== undefined && o.class !== (s.recoverable ? 'retryable' : 'fatal')) {
    fail(['class'], `"${s.code}" is ${s.recoverable ? '' : 'not '}recoverable by the vendor's word, so its class is ${s.recoverable ? 'retryable' : 'fatal'}, not ${o.class} (use contexts for exceptions)`);
  }
  // An entry with problems still joins the spelling checks, so one run reports everything; no catalog is written then.
  return {
    code: s.code,
    name: s.name ?? o.name ?? '',
    ...(s.range ? { range: s.range } : {}),
    aliases: o.aliases ?? [],
    ...(s.recoverable !== undefined ? { recoverable: s.recoverable } : {}),
    ...(s.httpStatus !== undefined ? { http_status: s.httpStatus } : {}),
    message: texts.message ?? { en: '', zh: '' },
    ...(texts.cause ? { cause: texts.cause } : {}),
    remedy: texts.remedy ?? { en: '', zh: '' },
    class: o.class,
    class_basis: o.class_basis,
    class_reason: o.class_reason,
    contexts: o.contexts ?? [],
    ...(o.level !== undefined && { level: o.level }),
    ...(o.escalate !== undefined && { escalate: o.escalate }),
    source: `seed:${seedName}`,
  };
}

function fromExtra(x: ExtraEntry): GeneratedEntry {
  return {
    code: x.code,
    name: x.name ?? '',
    ...(x.range ? { range: x.range } : {}),
    aliases: x.aliases ?? [],
    ...(x.recoverable !== undefined ? { recoverable: x.recoverable } : {}),
    ...(x.http_status !== undefined ? { http_status: x.http_status } : {}),
    message: x.message,
    ...(x.cause ? { cause: x.cause } : {}),
    remedy: x.remedy,
    class: x.class,
    class_basis: x.class_basis,
    class_reason: x.class_reason,
    contexts: x.contexts ?? [],
    ...(x.level !== undefined && { level: x.level }),
    ...(x.escalate !== undefined && { escalate: x.escalate }),
    source: x.source,
  };
}

/** Both languages, or which one is missing, or 'none' when neither seed nor overlay has the part. */
function bilingual(seed: SeedText | undefined, overlay: SeedText | undefined): Bilingual | 'en' | 'zh' | 'none' {
  const en = seed?.en ?? overlay?.en;
  const zh = seed?.zh ?? overlay?.zh;
  if (en === undefined && zh === undefined) return 'none';
  if (en === undefined) return 'en';
  if (zh === undefined) return 'zh';
  return { en, zh };
}

/** Texts a draft overlay left for a person to write (`TODO ...`). */
function placeholders(o: OverlayEntry): [Path, string][] {
  const found: [Path, string][] = [];
  for (const part of TEXT_PARTS) {
    for (const lang of ['en', 'zh'] as const) {
      const text = o[part]?.[lang];
      if (text !== undefined && /^TODO\b/.test(text)) found.push([[part, lang], text]);
    }
  }
  if (/^TODO\b/.test(o.class_reason)) found.push([['class_reason'], o.class_reason]);
  return found;
}

/** No two entries of a family may answer to the same spelling (code, alias or name). */
function checkSpellings(entries: readonly GeneratedEntry[], overlay: Overlay, at: OverlayPositions, fail: (pos: { line: number; col: number }, message: string) => void): void {
  const owner = new Map<string, string>();
  const claim = (spelling: string, code: string, path: Path, what: string): void => {
    const key = spelling.toUpperCase();
    const previous = owner.get(key);
    if (previous !== undefined && previous !== code) fail(at.value(path), `${what} "${spelling}" of "${code}" is already used by "${previous}"`);
    else if (previous === code && what === 'alias') fail(at.value(path), `alias "${spelling}" of "${code}" repeats its code, name or another alias`);
    else owner.set(key, code);
  };
  const pathOf = (e: GeneratedEntry): Path => {
    const extra = overlay.extra_entries.findIndex((x) => x.code === e.code);
    return extra >= 0 ? ['extra_entries', extra] : ['entries', e.code];
  };
  const codes = new Set<string>();
  for (const e of entries) {
    if (codes.has(e.code)) fail(at.value([...pathOf(e), 'code']), `code "${e.code}" appears twice`);
    codes.add(e.code);
    claim(e.code, e.code, [...pathOf(e), 'code'], 'code');
  }
  for (const e of entries) if (e.name) claim(e.name, e.code, [...pathOf(e), 'name'], 'name');
  for (const e of entries) e.aliases.forEach((a, i) => claim(a, e.code, [...pathOf(e), 'aliases', i], 'alias'));
}

/** The number a decimal or hex spelling stands for, or undefined for other spellings. */
function numericValue(code: string): number | undefined {
  if (/^-?\d+$/.test(code)) return Number(code);
  if (/^0x[0-9a-f]+$/i.test(code)) return parseInt(code, 16);
  return undefined;
}
