// Where the installed package lives, so bundled catalogs and rules are found from any working directory.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this file in both `src/cli` (tests) and `dist/cli` (built). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_CATALOG_DIR = join(PACKAGE_ROOT, 'catalogs');
export const DEFAULT_RULES_DIR = join(PACKAGE_ROOT, 'rules');

export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
