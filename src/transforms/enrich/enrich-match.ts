// Enrich: finds the catalog entry for a matched spelling and decides the code value the event reports:
// the entry's canonical code, or (for range members and unknown codes) the spelling within the budget.
import type { CatalogEntry, CatalogIndex } from '../../catalog/catalog-types.js';
import type { UnknownCodes } from './unknown-codes.js';

/** The catalog entry `spelling` resolves to in `family` (any spelling: code, alias, name, numeric value, range). */
export function lookupEntry(catalog: CatalogIndex, family: string, spelling: string): CatalogEntry | undefined {
  return catalog.lookup(family, spelling);
}

/**
 * The code an event reports: an exact entry's canonical code (`1343270913` -> `0x5010B001`); for a
 * range entry the member's own spelling (`561555`, not `561xxx`) and for no entry the spelling itself,
 * both through `unknowns` so distinct values per family stay bounded.
 */
export function reportedCode(entry: CatalogEntry | undefined, family: string, spelling: string, unknowns: UnknownCodes): string {
  if (entry !== undefined && entry.range === undefined) return entry.code;
  return unknowns.admit(family, spelling);
}
