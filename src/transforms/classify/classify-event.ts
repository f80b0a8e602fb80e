// Classify: the class an event gets. The catalog entry's class, unless one of its `contexts` matches the
// labels the rule captured (then `context`); codes the catalog lacks are `unknown`.
import type { CatalogEntry } from '../../catalog/catalog-types.js';
import type { CapturedLabels, EventClass } from '../../types.js';

export interface Classification {
  readonly class: EventClass;
  /** `vendor`, `remedy`, `policy` (from the entry), `context` or `unknown`. */
  readonly classBasis: string;
}

const UNKNOWN: Classification = Object.freeze({ class: 'unknown', classBasis: 'unknown' });

export function classifyEvent(entry: CatalogEntry | undefined, labels: Readonly<CapturedLabels>): Classification {
  if (entry === undefined) return UNKNOWN;
  for (const context of entry.contexts) {
    if (contextMatches(context.when, labels)) return { class: context.class, classBasis: 'context' };
  }
  return { class: entry.class, classBasis: entry.classBasis };
}

/** Every label named in `when` was captured with one of its values (compared ignoring case, `_` and `-`). */
function contextMatches(when: Readonly<Record<string, readonly string[]>>, labels: Readonly<CapturedLabels>): boolean {
  const keys = Object.keys(when);
  if (keys.length === 0) return false;
  for (const key of keys) {
    const value = (labels as Readonly<Record<string, string | undefined>>)[key];
    if (value === undefined) return false;
    const wanted = normaliseLabel(value);
    if (!(when[key] ?? []).some((v) => normaliseLabel(v) === wanted)) return false;
  }
  return true;
}

/** `PullKvCache`, `pull_kv_cache` and `pull-kv-cache` are the same API. */
function normaliseLabel(value: string): string {
  return value.replace(/[_-]/g, '').toLowerCase();
}
