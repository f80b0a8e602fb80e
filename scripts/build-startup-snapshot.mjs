#!/usr/bin/env node
// The last step of `npm run build`: runs the start-up snapshot's script (dist/startup/cli.cjs, bundled from
// src/cli/startup-snapshot.ts) under `node --build-snapshot`, which writes V8's heap after it to
// dist/startup/cli.blob, then what bin/errcode-exporter checks before it starts from that blob:
//   - dist/startup/launch, one line each: the package root the blob was built in (`pwd -P`: its modules find
//     catalogs, rules and the scan worker there), the V8 flags of src/regex/safe-regex-flags.ts (V8 loads a
//     blob only under the flags it was made with), the Node binary that built it (`test -ef`: another file,
//     such as another store path on Nix, where every file has the same time), and the input size from which a
//     scan uses worker threads (src/pipeline/parallel/scan-threads.ts: such scans run dist/cli/main.js);
//   - dist/startup/node-mtime, an empty file with the modification time of the Node binary that built it
//     (`touch -r`): V8 refuses a blob from another build of Node (exit 14), so the launcher runs
//     dist/cli/main.js for a `node` with another time. An upgrade by a package manager or a copy changes it.
// When the bundled knowledge does not load (dist/knowledge-snapshot.json was not written: `check` says why), no
// blob is made and the launcher runs dist/cli/main.js; any other failure fails the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARALLEL_MIN_BYTES } from '../dist/pipeline/parallel/scan-threads.js';
import { SAFE_REGEX_V8_FLAGS } from '../dist/regex/safe-regex-flags.js';

const DIR = 'dist/startup';
const SCRIPT = join(DIR, 'cli.cjs');
const BLOB = join(DIR, 'cli.blob');
const LAUNCH = join(DIR, 'launch');
const NODE_MTIME = join(DIR, 'node-mtime');

mkdirSync(DIR, { recursive: true });
for (const file of [LAUNCH, NODE_MTIME, BLOB]) rmSync(file, { force: true });

if (!existsSync('dist/knowledge-snapshot.json')) {
  process.stderr.write('build-startup-snapshot: the bundled knowledge did not load, so no start-up snapshot; scan and explain start from dist/cli/main.js.\n');
  process.exit(0);
}

// NODE_OPTIONS would change the V8 flags the blob is tied to (the launcher runs no blob under NODE_OPTIONS).
const env = { ...process.env };
delete env.NODE_OPTIONS;
// --no-warnings: Node warns that `node:module` (createRequire, imported by the modules that load yaml and zod when a
// file differs from the build's) is not verified in snapshots; it is used only after the start, never during the build.
const built = spawnSync(process.execPath, ['--no-warnings', ...SAFE_REGEX_V8_FLAGS, '--snapshot-blob', BLOB, '--build-snapshot', SCRIPT], {
  env,
  encoding: 'utf8',
});
/** A step that failed: no blob is left for the launcher, what the step said and why go to stderr, the build fails. */
function fail(step, why) {
  rmSync(BLOB, { force: true });
  process.stderr.write(`${step.stderr}${step.error?.message ?? ''}\nbuild-startup-snapshot: ${why}\n`);
  process.exit(1);
}
if (built.status !== 0) fail(built, `node --build-snapshot ${SCRIPT} failed (exit ${built.status ?? built.signal}).`);
const node = realpathSync(process.execPath);
const stamped = spawnSync('touch', ['-r', node, NODE_MTIME], { encoding: 'utf8' });
if (stamped.status !== 0) fail(stamped, `cannot stamp ${NODE_MTIME} with the time of ${node}.`);
// The root as the launcher sees it: `pwd -P`, every symbolic link resolved.
const root = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
writeFileSync(LAUNCH, `${root}\n${SAFE_REGEX_V8_FLAGS.join(' ')}\n${node}\n${PARALLEL_MIN_BYTES}\n`);
const mib = (statSync(BLOB).size / 2 ** 20).toFixed(1);
console.log(`start-up snapshot: scan and explain, ${mib} MiB, for ${node} ${process.version} -> ${BLOB}`);
