// The one way a command reports start-up load errors (config, rules, catalogs, overlays): every problem as
// `file:line:col message`, sorted, then one sentence saying how many and what did not happen, and exit 2.
// Exit 1 is kept for findings (`scan --fail-on`, an unknown code, a failing rule test), so a CI job can
// tell "the rules are broken" from "the rules found something".
import type { LoadError, LoadErrors } from './load-error.js';
import { formatLoadError, sortLoadErrors } from './load-error.js';

export const LOAD_ERRORS_EXIT_CODE = 2;

/** Every problem on its own line (each ending in a newline), sorted by file, line and column. */
export function formatLoadErrorLines(errors: readonly LoadError[]): string {
  return sortLoadErrors(errors).map((e) => `${formatLoadError(e)}\n`).join('');
}

/** `N problems in <what>[; <consequence>].` */
export function loadErrorSummary(count: number, what: string, consequence?: string): string {
  const problems = count === 1 ? '1 problem' : `${count} problems`;
  return `${problems} in ${what}${consequence === undefined ? '' : `; ${consequence}`}.`;
}

/** Writes every problem and the summary sentence to `write` (stderr); returns the exit code. */
export function reportLoadErrors(
  err: LoadErrors,
  what: string,
  consequence?: string,
  write: (text: string) => void = (t) => process.stderr.write(t),
): number {
  write(`${formatLoadErrorLines(err.errors)}errcode-exporter: ${loadErrorSummary(err.errors.length, what, consequence)}\n`);
  return LOAD_ERRORS_EXIT_CODE;
}
