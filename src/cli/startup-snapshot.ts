// The entry of the V8 start-up snapshot of `scan` and `explain`. `npm run build` bundles it into one script
// (scripts/bundle-cli.mjs) and runs it under `node --build-snapshot` (scripts/build-startup-snapshot.mjs): every
// module of the two commands evaluated, the bundled catalogs loaded and the rules compiled (load/prebuilt.ts),
// written to dist/startup/cli.blob as V8's heap. bin/errcode-exporter starts those two commands from it, so a
// start deserializes that heap instead of compiling the modules and building the knowledge: a scan of an empty
// file 86 -> ~45 ms (`node -e 0`: ~20 ms). Every other command, and any start the launcher cannot prove the blob
// fits (another Node binary, another directory, NODE_OPTIONS), runs dist/cli/main.js as always.
//
// What must not happen here is anything a start should do: no reading of the environment, the terminal or the
// clock at build (the commands do that in their actions, at run time), no handle left open.
import '../regex/safe-regex.js';
import { startupSnapshot } from 'node:v8';
import { join } from 'node:path';
import { registerExplainCommand } from './commands/explain.js';
import { registerScanCommand } from './commands/scan.js';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from './package-info.js';
import { runProgram, type CommandLoader } from './program.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { startKeeping, stopKeeping } from '../load/prebuilt.js';
import { forgetSnapshotEntries } from '../load/yaml-snapshot.js';

/** The commands a start from the snapshot can run: bin/errcode-exporter sends only these here. */
const SNAPSHOT_COMMANDS: readonly CommandLoader[] = [
  ['scan', () => Promise.resolve(registerScanCommand)],
  ['explain', () => Promise.resolve(registerExplainCommand)],
];

startKeeping();
loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
const kept = stopKeeping();
forgetSnapshotEntries();
if (kept !== 2) throw new Error(`the start-up snapshot kept ${kept} loaded directories, not the catalogs and the rules`);

startupSnapshot.setDeserializeMainFunction(() => {
  // Node gives a start from a snapshot no script argument: the arguments as dist/cli/main.js would see them.
  process.argv.splice(1, 0, join(PACKAGE_ROOT, 'dist', 'cli', 'main.js'));
  runProgram(SNAPSHOT_COMMANDS);
});
