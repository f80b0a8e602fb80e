// errcode_level_events_total{family,level,source}: events by MindCluster handling level, so alerts can act on
// "a SeparateNPU fault" or "a RestartRequest storm" without listing codes. Bounded: `level` takes only the
// catalog schema's FAULT_LEVELS, and a series exists only for a (family, level) pair some catalog entry has,
// created at 0 per source when the catalog is applied (so increase() sees the first occurrence). Events without
// a level (every family but npu-fault, unknown ids) are not counted here.
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { CatalogIndex } from '../../catalog/catalog-types.js';
import type { CodeEvent } from '../../types.js';

type LevelLabel = 'family' | 'level' | 'source';

/** The (family, level) pairs `catalog` implies, in catalog order; what each source gets a zero series for. */
export function catalogLevelPairs(catalog: CatalogIndex): { family: string; level: string }[] {
  const seen = new Map<string, { family: string; level: string }>();
  for (const e of catalog.entries()) {
    if (e.level !== undefined) seen.set(`${e.family}\0${e.level}`, { family: e.family, level: e.level });
  }
  return [...seen.values()];
}

export class LevelEventCounter {
  private readonly counter: Counter<LevelLabel>;
  /** family\0level pairs the catalogs applied so far define; only these are counted. */
  private readonly known = new Set<string>();

  constructor(registry: Registry) {
    this.counter = new Counter({
      name: 'errcode_level_events_total',
      help: "Events whose catalog entry has a MindCluster handling level (npu-fault), by family, level and source.",
      labelNames: ['family', 'level', 'source'],
      registers: [registry],
    });
  }

  /** Zero series for every (family, level) of `catalog` on `source`. */
  createSeries(catalog: CatalogIndex, source: string): void {
    for (const pair of catalogLevelPairs(catalog)) {
      this.known.add(`${pair.family}\0${pair.level}`);
      this.counter.inc({ ...pair, source }, 0);
    }
  }

  /** Counts an event that carries a level its catalog declared; others are ignored. */
  record(e: CodeEvent): void {
    if (e.level === undefined || !this.known.has(`${e.family}\0${e.level}`)) return;
    this.counter.inc({ family: e.family, level: e.level, source: e.source }, 1);
  }
}
