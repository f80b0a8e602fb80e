#!/usr/bin/env node
// The last step of `npm run build`: runs the start-up snapshot's script (dist/startup/cli.cjs, bundled from
// src/cli/startup-snapshot.ts) under `node --build-snapshot`, which writes V8's heap after it to
// dist/startup/cli.blob, and writes dist/startup/launch: what bin/errcode-exporter checks before it starts from
// that blob, one line each:
//   1. the package root the blob was built in (its modules find catalogs, rules and the scan worker there);
//   2. the size and modification time (`stat -L -c %s:%Y`) of the Node binary that built it: V8 refuses a blob
//      from another build of Node (exit 14), so the launcher starts dist/cli/main.js for any other `node`;
//   3. the V8 flags of src/regex/safe-regex.ts: V8 loads a blob only under the flags it was made with.
// A snapshot that cannot be built fails nothing: the launcher then runs dist/cli/main.js, as it does for every
// command but scan and explain; this says why, on stderr.
import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAFE_REGEX_V8_FLAGS } from '../dist/regex/safe-regex.js';

const DIR = 'dist/startup';
const SCRIPT = join(DIR, 'cli.cjs');
const BLOB = join(DIR, 'cli.blob');
const LAUNCH = join(DIR, 'launch');

mkdirSync(DIR, { recursive: true });
rmSync(LAUNCH, { force: true });
rmSync(BLOB, { force: true });

// NODE_OPTIONS would change the V8 flags the blob is tied to (the launcher runs no blob under NODE_OPTIONS).
const env = { ...process.env };
delete env.NODE_OPTIONS;
// --no-warnings: Node warns that `node:module` (createRequire, imported by the modules that load yaml and zod when a
// file differs from the build's) is not verified in snapshots; it is used only after the start, never during the build.
const built = spawnSync(process.execPath, ['--no-warnings', ...SAFE_REGEX_V8_FLAGS, '--snapshot-blob', BLOB, '--build-snapshot', SCRIPT], {
  env,
  encoding: 'utf8',
});
if (built.status !== 0) {
  rmSync(BLOB, { force: true });
  process.stderr.write(
    `${built.stderr}${built.error?.message ?? ''}\nbuild-startup-snapshot: no start-up snapshot (exit ${built.status ?? built.signal}); ` +
      'scan and explain start from dist/cli/main.js, as every other command does.\n',
  );
  process.exit(0);
}
// The root as the launcher sees it: `pwd -P`, every symbolic link resolved.
const root = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
writeFileSync(LAUNCH, `${root}\n${realpathSync(process.execPath)}\n${SAFE_REGEX_V8_FLAGS.join(' ')}\n`);
const mib = (statSync(BLOB).size / 2 ** 20).toFixed(1);
console.log(`start-up snapshot: scan and explain, ${mib} MiB, for ${process.execPath} ${process.version} -> ${BLOB}`);
