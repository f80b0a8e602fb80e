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

/**
 * What `--version` prints: the version, the source revision when the build recorded one (the image sets
 * ERRCODE_BUILD_REVISION from its REVISION build argument), and the Node.js runtime and platform.
 */
export function buildInfo(env: NodeJS.ProcessEnv = process.env): string {
  const revision = env.ERRCODE_BUILD_REVISION !== undefined && env.ERRCODE_BUILD_REVISION !== '' ? env.ERRCODE_BUILD_REVISION : 'unknown';
  return [
    `errcode-exporter ${readPackageVersion()}`,
    `  revision: ${revision}`,
    `  node:     ${process.version} (${process.platform}/${process.arch})`,
  ].join('\n');
}
