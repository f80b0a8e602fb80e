// scripts/bundle-cli.mjs bundles tsc's output in place (dist/cli/main.js is both its entry and its output). Run
// again on its own output it must refuse before touching anything: it used to remove the chunks first and then fail
// to resolve them, leaving a dist/ that no command could start from until the next tsc.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI_DIR = join(process.cwd(), 'dist/cli');

describe('scripts/bundle-cli.mjs on a dist/ it already bundled (built by test/global-setup.ts)', () => {
  it('refuses with a message that says what to run, and leaves every chunk and the CLI working', () => {
    const before = readdirSync(CLI_DIR).sort();
    const r = spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('dist/cli/main.js is already bundled; run `npm run build`');
    expect(readdirSync(CLI_DIR).sort()).toEqual(before);
    const explain = spawnSync(process.execPath, [join(CLI_DIR, 'main.js'), 'explain', '161002'], { encoding: 'utf8' });
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain('ACLNN_ERR_PARAM_INVALID');
  });
});
