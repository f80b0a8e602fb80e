// The entry of the V8 start-up snapshot of `scan` and `explain`. `npm run build` bundles it into one script
// (scripts/bundle-cli.mjs) and runs it under `node --build-snapshot` (scripts/build-startup-snapshot.mjs): every
// module of the two commands evaluated, each command run once (warmUp, so their functions are compiled), the
// bundled catalogs loaded and the rules compiled (load/prebuilt.ts), all written to dist/startup/cli.blob as V8's
// heap. bin/errcode-exporter starts those two commands from it: a start deserializes that heap instead of
// compiling the modules and building the knowledge (a scan of an empty file ~80 -> ~45 ms; `node -e 0` ~20 ms).
// Every other command, and any start the launcher cannot prove the blob fits (another Node binary, another
// directory, NODE_OPTIONS), runs dist/cli/main.js as always.
//
// Nothing here may do what a start must do itself: the environment, the terminal and the clock are read by the
// commands' actions, which run again at every start; Node gives a started process fresh stdio streams; no handle
// may stay open.
import '../regex/safe-regex.js';
import { startupSnapshot } from 'node:v8';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from './package-info.js';
import { buildProgram, runProgram } from './program.js';
import { SNAPSHOT_COMMANDS } from './snapshot-commands.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { startKeeping, stopKeeping } from '../load/prebuilt.js';
import { forgetSnapshotEntries } from '../load/yaml-snapshot.js';
import { forgetRememberedLines } from '../transforms/extract/extract-matches.js';
import { forgetLocalTimes } from '../transforms/extract/parse-timestamp.js';

const MAIN = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');

/** Lines for the warm-up scan: a code of several families, JSON, and a line without one. */
const WARM_UP_LINES = [
  '[ERROR] ASCENDCL(1234,python):2026-03-14-09:21:12.123.456 [aclnn_add.cpp:56] error code is 161002',
  '2026-03-14 09:21:13 ERROR llm_datadist: pull kv failed, LLMStatusCode.LLM_LINK_FAILED',
  '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}',
  '2026-03-14 09:21:14 INFO step 120 loss 1.92',
];

/**
 * Runs scan and explain once each, on a few lines, before the heap is written: V8 keeps the bytecode of every
 * function that ran, so a start does not compile commander, the pipeline, the readers and the report again
 * (~2.5 ms of each start from buildProgram and the read stream alone). What they print goes to the build's
 * stdout; Node gives a started process its own stdio streams. The knowledge they load is a separate copy, let go,
 * and what the scan's stages remember between lines is forgotten: local times are in the build's zone (a start
 * may run in another TZ), remembered lines belong to that copy's rules.
 */
async function warmUp(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-startup-'));
  try {
    const log = join(dir, 'warm-up.log');
    writeFileSync(log, `${WARM_UP_LINES.join('\n')}\n`);
    for (const args of [['scan', log], ['explain', '161002']]) {
      const argv = [process.execPath, MAIN, ...args];
      await (await buildProgram(argv, SNAPSHOT_COMMANDS)).parseAsync(argv);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  forgetLocalTimes();
  forgetRememberedLines();
  process.exitCode = undefined;
}

async function prepare(): Promise<void> {
  await warmUp();
  startKeeping();
  loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
  const kept = stopKeeping();
  forgetSnapshotEntries();
  // The bundled catalogs and rules, once each, and nothing else.
  const others = Object.entries(kept).filter(([name, n]) => n > 0 && name !== 'catalogs' && name !== 'rules');
  if (kept.catalogs !== 1 || kept.rules !== 1 || others.length > 0) {
    throw new Error(`kept ${JSON.stringify(kept)} (values per loader), not one catalog set and one rule set`);
  }
  startupSnapshot.setDeserializeMainFunction(() => {
    // Node gives a start from a snapshot no script argument: the arguments as dist/cli/main.js would see them.
    process.argv.splice(1, 0, MAIN);
    runProgram(SNAPSHOT_COMMANDS);
  });
}

prepare().catch((err: unknown) => {
  process.stderr.write(`startup-snapshot: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
