// The command-line face of catalog loading: print every problem as file:line:col and exit 2,
// instead of a stack trace (through the one reporter, load/report-load-errors.ts). Shared by `explain` and `catalog`, and by anything else that loads catalogs.
import type { CatalogIndex } from './catalog-types.js';
import { loadCatalogs } from './load-catalogs.js';
import { LoadErrors } from '../load/load-error.js';
import { reportLoadErrors } from '../load/report-load-errors.js';

/** Loads the catalogs, or prints every problem, sets exit code 2 and returns undefined. */
export function loadCatalogsOrReport(dir: string): CatalogIndex | undefined {
  try {
    return loadCatalogs(dir);
  } catch (err) {
    if (!reportLoadErrorsIfAny(err, 'the catalogs')) throw err;
    return undefined;
  }
}

/** True (after printing every problem to stderr and setting exit code 2) when `err` is LoadErrors. */
export function reportLoadErrorsIfAny(err: unknown, what: string): boolean {
  if (!(err instanceof LoadErrors)) return false;
  process.exitCode = reportLoadErrors(err, what);
  return true;
}

/** Checks a --family value against the loaded families; if unknown, names the known ones and sets exit code 2. */
export function knownFamilyOrReport(index: CatalogIndex, family: string | undefined): boolean {
  if (family === undefined || index.families.some((f) => f.id === family)) return true;
  process.stderr.write(`errcode-exporter: unknown family "${family}"; the catalogs have: ${index.families.map((f) => f.id).join(', ')}.\n`);
  process.exitCode = 2;
  return false;
}
