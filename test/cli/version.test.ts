// `--version` prints build information: version, source revision (from the image's build argument) and runtime.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readPackageVersion } from '../../src/cli/package-info.js';

const CLI = join(process.cwd(), 'dist', 'cli', 'main.js');

it.each([
  [{ ERRCODE_BUILD_REVISION: '3f2c1ab' }, '3f2c1ab'],
  [{}, 'unknown'],
])('errcode-exporter --version with %j names revision %s', (env, revision) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'ERRCODE_BUILD_REVISION'));
  const r = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env: { ...clean, ...env } });
  expect([r.status, r.stdout]).toEqual([
    0,
    `errcode-exporter ${readPackageVersion()}\n  revision: ${revision}\n  node:     ${process.version} (${process.platform}/${process.arch})\n`,
  ]);
});
