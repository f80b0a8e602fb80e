// Which label sets a catalog implies: the event series created at 0 up front, and one info series per entry.
// Pure functions of the catalog, so the series count can be computed (and tested) without a registry.
import type { CatalogEntry, CatalogIndex } from '../../catalog/catalog-types.js';
import type { CodeClass } from '../../types.js';

/** The classes whose first occurrence alerts and dashboards must see through increase()/rate(). */
export const PRECREATED_CLASSES: readonly CodeClass[] = ['retryable', 'fatal'];

export const MESSAGE_MAX_CHARS = 160;
export const REMEDY_MAX_CHARS = 240;

export interface EventSeriesKey {
  readonly family: string;
  readonly code: string;
  readonly name: string;
  readonly class: CodeClass;
}

/**
 * Every (family, code, name, class) an entry can be counted under: its own class and the classes of its
 * context conditions (e.g. LLM_WAIT_PROC_TIMEOUT is retryable, but fatal on PullKvCache), limited to
 * PRECREATED_CLASSES. Success codes are never alerted on, so they get no zero series; neither do range
 * entries (aclnn `561xxx`): events carry the member as logged (`561555`), so a `561xxx` series would stay 0.
 */
export function catalogEventSeries(catalog: CatalogIndex): EventSeriesKey[] {
  const out: EventSeriesKey[] = [];
  for (const e of catalog.entries()) {
    if (e.range !== undefined) continue;
    const classes = new Set<CodeClass>([e.class, ...e.contexts.map((c) => c.class)]);
    for (const cls of PRECREATED_CLASSES) {
      if (classes.has(cls)) out.push({ family: e.family, code: e.code, name: e.name, class: cls });
    }
  }
  return out;
}

export type CatalogInfoLabel = 'family' | 'code' | 'name' | 'class' | 'http_status' | 'recoverable' | 'message' | 'remedy';

/** The labels of `errcode_catalog_info` for one entry: short English text, capped; '' where the vendor gives none. */
export function catalogInfoLabels(e: CatalogEntry): Record<CatalogInfoLabel, string> {
  return {
    family: e.family,
    code: e.code,
    name: e.name,
    class: e.class,
    http_status: e.httpStatus === undefined ? '' : String(e.httpStatus),
    recoverable: e.recoverable === undefined ? '' : String(e.recoverable),
    message: capText(e.message.en || e.message.zh, MESSAGE_MAX_CHARS),
    remedy: capText(e.remedy.en || e.remedy.zh, REMEDY_MAX_CHARS),
  };
}

/** One line, whitespace collapsed, at most `max` characters (code points), ending in `…` when cut. */
export function capText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  return chars.slice(0, max - 1).join('').trimEnd() + '…';
}
