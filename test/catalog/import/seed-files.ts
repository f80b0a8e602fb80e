// The vendor seeds and their families in catalogs/sources/: five verbatim pages, and the acl-runtime and cann-errmsg code lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../src/cli/package-info.js';
import type { SeedFormat } from '../../../src/catalog/import/seed-entry.js';

export const SEEDS_DIR = join(PACKAGE_ROOT, 'catalogs', 'sources');
export const CATALOG_DIR = join(PACKAGE_ROOT, 'catalogs');

export interface SeedCase {
  readonly family: string;
  readonly seed: string;
  readonly format: SeedFormat;
}

export const SEEDS: readonly SeedCase[] = [
  { family: 'aclnn', seed: '000_0f35586de87fbe0e.txt', format: 'html-table' },
  { family: 'core-vision', seed: '001_edb600ecd16190f6.txt', format: 'tiled-section' },
  { family: 'llm-datadist', seed: '002_479606296454d700.txt', format: 'constexpr-table' },
  { family: 'speech-sdk', seed: '003_7b3f41240b62f926.txt', format: 'pipe-table' },
  { family: 'huawei-cloud', seed: '004_78dc2b0192c2fce1.txt', format: 'text-pipe-table' },
  { family: 'acl-runtime', seed: '005_acl-runtime-codes.txt', format: 'text-pipe-table' },
  { family: 'cann-errmsg', seed: '006_cann-errmsg-codes.txt', format: 'text-pipe-table' },
];

export function seedText(seed: string): string {
  return readFileSync(join(SEEDS_DIR, seed), 'utf8');
}
