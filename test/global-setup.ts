// Builds dist/ once before the tests that spawn the real CLI (node dist/cli/main.js), unless dist is
// already newer than every source file. Type errors elsewhere do not stop the build from emitting. The same steps
// as `npm run build`: tsc, the CLI's bundle (scripts/bundle-cli.mjs), the knowledge snapshot, the start-up snapshot.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ENTRY = 'dist/cli/main.js';
const BUNDLER = 'scripts/bundle-cli.mjs';
const STARTUP_SNAPSHOT = 'scripts/build-startup-snapshot.mjs';
const BLOB = 'dist/startup/cli.blob';

export default function setup(): void {
  if (existsSync(ENTRY) && Math.max(newestMtime('src'), statSync(BUNDLER).mtimeMs, statSync(STARTUP_SNAPSHOT).mtimeMs) <= statSync(ENTRY).mtimeMs && blobIsCurrent()) return;
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'pipe' });
  } catch (err) {
    if (!existsSync(ENTRY)) throw err;
    const errors = ((err as { stdout?: Buffer }).stdout?.toString() ?? '').split('\n').filter((l) => l.includes('error TS'));
    console.warn(`global-setup: tsc emitted dist/ despite ${errors.length} type errors; the first: ${errors[0] ?? '(none)'}`);
  }
  execFileSync(process.execPath, [BUNDLER], { stdio: 'pipe' });
  // As `npm run build` does: the knowledge snapshot from the same build as the code (a stale one could hold values
  // an older schema produced).
  rmSync('dist/knowledge-snapshot.json', { force: true });
  execFileSync(process.execPath, ['dist/knowledge/snapshot-main.js'], { stdio: 'pipe' });
  // Then the V8 start-up snapshot of scan and explain (bin/errcode-exporter), over that code and knowledge.
  execFileSync(process.execPath, [STARTUP_SNAPSHOT], { stdio: 'pipe' });
}

/** The start-up snapshot exists and is from the same build as the CLI (the launcher would not use an older one). */
function blobIsCurrent(): boolean {
  return existsSync(BLOB) && statSync(BLOB).mtimeMs >= statSync(ENTRY).mtimeMs;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, d.name);
    newest = Math.max(newest, d.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
