// Start-up: the built CLI (dist/, built by test/global-setup.ts) loads zod and yaml only when something must be
// validated. `scan` and `explain` with the bundled knowledge (every file in the build's snapshot) load neither;
// a rule file that differs from the snapshot loads both, and is still validated with positions.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'lazy-libraries-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Hooks that print every package a command loads on stderr: ESM imports (a module hook) and require() (Module._load). */
const HOOKS = join(tmp, 'hooks.mjs');
writeFileSync(
  HOOKS,
  `export async function load(url, context, next) {
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url);
  if (m) process.stderr.write('package ' + m[1] + '\\n');
  return next(url, context);
}
`,
);
const REQUIRE_HOOK = join(tmp, 'require-hook.cjs');
writeFileSync(
  REQUIRE_HOOK,
  `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (!request.startsWith('.') && !request.startsWith('node:') && !request.startsWith('/')) process.stderr.write('package ' + request.split('/')[0] + '\\n');
  return load.call(this, request, ...rest);
};
`,
);
const REGISTER = join(tmp, 'register.mjs');
writeFileSync(REGISTER, `import { register } from 'node:module';\nimport { pathToFileURL } from 'node:url';\nregister(pathToFileURL(${JSON.stringify(HOOKS)}));\n`);

/** The packages `args` loads, and its exit status. */
function packagesOf(args: readonly string[]): { status: number | null; packages: string[] } {
  const r = spawnSync(process.execPath, ['--require', REQUIRE_HOOK, '--import', REGISTER, CLI, ...args], { encoding: 'utf8' });
  const packages = [...new Set(r.stderr.split('\n').flatMap((l) => (l.startsWith('package ') ? [l.slice(8)] : [])))].sort();
  return { status: r.status, packages };
}

describe('libraries loaded at start-up', () => {
  const empty = join(tmp, 'empty.log');
  writeFileSync(empty, '');

  it('scan of the bundled knowledge loads no zod and no yaml', () => {
    const r = packagesOf(['scan', '--format', 'json', empty]);
    expect(r.status).toBe(0);
    expect(r.packages.filter((p) => p === 'zod' || p === 'yaml')).toEqual([]);
  });

  it('explain loads no zod, no yaml and no rxjs', () => {
    const r = packagesOf(['explain', '161002']);
    expect(r.status).toBe(0);
    expect(r.packages.filter((p) => p === 'zod' || p === 'yaml' || p === 'rxjs')).toEqual([]);
  });

  it('a rule file that differs from the snapshot is parsed and validated: zod and yaml are loaded', () => {
    const rules = join(tmp, 'rules');
    cpSync(join(process.cwd(), 'rules'), rules, { recursive: true });
    const file = join(rules, 'aclnn.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
    const r = packagesOf(['scan', '--format', 'json', '--rules', rules, empty]);
    expect(r.status).toBe(0);
    expect(r.packages.filter((p) => p === 'zod' || p === 'yaml')).toEqual(['yaml', 'zod']);
  });
});
