// Start-up: the built CLI (dist/, built by test/global-setup.ts) loads zod and yaml only when something must be
// validated. `scan` and `explain` with the bundled knowledge (every file in the build's snapshot) load neither;
// a rule file that differs from the snapshot loads both, and is still validated with positions. Only the command
// being run is loaded (the CLI is bundled, each command a chunk of it); rxjs is bundled, only the parts the pipeline
// uses (never its index, which loads every operator), and only by the commands that run a pipeline; every other
// package but yaml (and the zod that validates knowledge) is bundled too, commander without the `node:child_process`
// it requires but never uses here; tinyglobby's part only to walk a directory or match a glob.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'lazy-libraries-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Hooks that print every package a command loads on stderr, and every module: ESM imports (a module hook) and
 * require() (Module._load, and require.cache at exit).
 */
const HOOKS = join(tmp, 'hooks.mjs');
writeFileSync(
  HOOKS,
  `export async function load(url, context, next) {
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url);
  if (m) process.stderr.write('package ' + m[1] + '\\n');
  process.stderr.write('module ' + url + '\\n');
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
process.on('exit', () => {
  for (const file of Object.keys(require.cache)) process.stderr.write('module ' + file + '\\n');
  for (const m of process.moduleLoadList) if (m.startsWith('NativeModule ')) process.stderr.write('builtin ' + m.slice(13) + '\\n');
});
`,
);
const REGISTER = join(tmp, 'register.mjs');
writeFileSync(REGISTER, `import { register } from 'node:module';\nimport { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';\nregister(pathToFileURL(${JSON.stringify(HOOKS)}));\n`);

const ROOT = `${pathToFileURL(process.cwd()).href}/`;

/**
 * The package modules bundled into the chunks among `modules`, by esbuild's comment before each, relative to
 * node_modules (`// node_modules/commander/lib/command.js` -> `commander/lib/command.js`).
 */
function bundledModules(modules: readonly string[]): string[] {
  return modules
    .filter((m) => m.startsWith('dist/cli/'))
    .flatMap((m) => [...readFileSync(join(process.cwd(), m), 'utf8').matchAll(/^\/\/ node_modules\/(\S+)$/gm)].map((found) => found[1] as string));
}

/** rxjs's modules bundled into the chunks among `modules`, relative to its internal/ folder (`Observable.js`). */
function bundledRxjs(modules: readonly string[]): string[] {
  const internal = 'rxjs/dist/esm/internal/';
  return bundledModules(modules).flatMap((m) => (m.startsWith(internal) ? [m.slice(internal.length)] : []));
}

/** The packages bundled into the chunks among `modules`. */
function bundledPackages(modules: readonly string[]): string[] {
  return [...new Set(bundledModules(modules).map((m) => /^(?:@[^/]+\/)?[^/]+/.exec(m)?.[0] as string))].sort();
}

/** The name of a chunk of the bundle (`dist/cli/<name>-<hash>.js`, as scripts/bundle-cli.mjs names them), else undefined. */
function chunkName(module: string): string | undefined {
  return /^dist\/cli\/([\w-]+)-[A-Z0-9]{8}\.js$/.exec(module)?.[1];
}

const COMMANDS = ['scan', 'run', 'explain', 'catalog', 'check', 'healthcheck'];

/** The commands whose module (the bundle's chunk for it, `dist/cli/<command>-<hash>.js`) is among `modules`. */
function commandChunks(modules: readonly string[]): string[] {
  return modules.map(chunkName).filter((name): name is string => name !== undefined && COMMANDS.includes(name));
}

/**
 * The packages `args` loads, the modules it imports (`dist/...` or, in a package, `node_modules/...`), and its
 * exit status.
 */
function packagesOf(
  args: readonly string[],
  { moduleHook = true }: { moduleHook?: boolean } = {},
): { status: number | null; packages: string[]; modules: string[]; builtins: string[] } {
  const hooks = moduleHook ? ['--require', REQUIRE_HOOK, '--import', REGISTER] : ['--require', REQUIRE_HOOK];
  const r = spawnSync(process.execPath, [...hooks, CLI, ...args], { encoding: 'utf8' });
  const lines = r.stderr.split('\n');
  const packages = [...new Set(lines.flatMap((l) => (l.startsWith('package ') ? [l.slice(8)] : [])))].sort();
  // A package's URL is its real path (node_modules may be a link), so it is cut at node_modules/.
  const modules = new Set(lines.flatMap((l) => {
    const url = l.startsWith('module ') ? l.slice(7) : '';
    const inPackage = url.indexOf('/node_modules/');
    return inPackage >= 0 ? [url.slice(inPackage + 1)] : url.startsWith(ROOT) ? [url.slice(ROOT.length)] : [];
  }));
  const builtins = lines.flatMap((l) => (l.startsWith('builtin ') ? [l.slice(8)] : []));
  return { status: r.status, packages, modules: [...modules], builtins };
}

describe('libraries loaded at start-up', () => {
  const empty = join(tmp, 'empty.log');
  writeFileSync(empty, '');

  it('scan of a named file with the bundled knowledge loads no package: no zod, yaml or tinyglobby (commander is bundled)', () => {
    const r = packagesOf(['scan', '--format', 'json', empty]);
    expect(r.status).toBe(0);
    expect(r.packages).toEqual([]);
  });

  it.each([
    ['scan', ['scan', '--format', 'json', join(tmp, 'empty.log')]],
    ['explain', ['explain', '161002']],
    ['--help', ['--help']],
  ])('%s runs commander from the bundle and never loads node:child_process (nor net or dgram with it)', (_name, args) => {
    const r = packagesOf(args, { moduleHook: false });
    expect(r.status).toBe(0);
    expect(r.modules.filter((m) => m.startsWith('node_modules/commander/'))).toEqual([]);
    expect(r.builtins).not.toContain('child_process');
    expect(r.builtins).not.toContain('dgram');
    expect(bundledModules(packagesOf(args).modules)).toContain('commander/lib/command.js');
  });

  it('scan runs rxjs from the bundle, tree-shaken to the values it uses: no rxjs module from node_modules', () => {
    const r = packagesOf(['scan', '--format', 'json', empty]);
    expect(r.status).toBe(0);
    expect(r.modules.filter((m) => m.startsWith('node_modules/rxjs/'))).toEqual([]);
    const rxjs = bundledRxjs(r.modules);
    const internal = (dir: string): string[] => rxjs.filter((m) => m.startsWith(`${dir}/`)).map((m) => m.slice(dir.length + 1)).sort();
    // The nine values of src/reactive/rxjs.ts and what they need: 40 modules of the index's 223.
    expect(internal('operators')).toEqual(['OperatorSubscriber.js', 'catchError.js', 'map.js', 'mergeAll.js', 'mergeInternals.js', 'mergeMap.js', 'takeUntil.js', 'tap.js']);
    expect(internal('observable')).toEqual(['connectable.js', 'defer.js', 'empty.js', 'innerFrom.js']);
    expect(internal('scheduled')).toEqual([]);
    expect(rxjs).toHaveLength(40);
  });

  it('scan loads zlib for a .gz file only', () => {
    const gz = join(tmp, 'empty.log.gz');
    writeFileSync(gz, gzipSync(''));
    // Without the module hook, whose own machinery loads zlib.
    expect(packagesOf(['scan', '--format', 'json', empty], { moduleHook: false }).builtins).not.toContain('zlib');
    const r = packagesOf(['scan', '--format', 'json', gz], { moduleHook: false });
    expect(r.status).toBe(0);
    expect(r.builtins).toContain('zlib');
  });

  it('scan of a directory runs tinyglobby from the bundle to walk it; a named file never loads it', () => {
    const dir = join(tmp, 'logs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.log'), '');
    const r = packagesOf(['scan', '--format', 'json', dir]);
    expect(r.status).toBe(0);
    expect(r.packages.filter((p) => p === 'tinyglobby')).toEqual([]);
    expect(bundledPackages(r.modules)).toContain('tinyglobby');
    expect(bundledPackages(packagesOf(['scan', '--format', 'json', empty]).modules)).not.toContain('tinyglobby');
  });

  it('scan --format prom runs prom-client (CommonJS, requiring Node modules) from the bundle: no package from node_modules', () => {
    const r = packagesOf(['scan', '--format', 'prom', empty]);
    expect(r.status).toBe(0);
    expect(r.packages).toEqual([]);
    expect(bundledPackages(r.modules)).toContain('prom-client');
  });

  it('run (standard input, ended at once) runs every package it uses from the bundle: prom-client, zod, chokidar', () => {
    const r = packagesOf(['run', '-', '--web.listen-address', '127.0.0.1:0']);
    expect(r.status).toBe(0);
    // fdir (tinyglobby's directory walker) requires picomatch through its own createRequire, if it is installed.
    expect(r.packages.filter((p) => p !== 'picomatch')).toEqual([]);
    expect(bundledPackages(r.modules)).toEqual(expect.arrayContaining(['chokidar', 'prom-client', 'zod']));
  });

  it.each([
    ['scan', ['scan', '--format', 'json', join(tmp, 'empty.log')]],
    ['explain', ['explain', '161002']],
    ['check', ['check', '--help']],
  ])('%s loads its own command module only', (name, args) => {
    const r = packagesOf(args);
    expect(r.status).toBe(0);
    expect(commandChunks(r.modules)).toEqual([name]);
  });

  it('--help loads every command module, to list them', () => {
    const r = packagesOf(['--help']);
    expect(r.status).toBe(0);
    expect(commandChunks(r.modules).sort()).toEqual(['catalog', 'check', 'explain', 'healthcheck', 'run', 'scan']);
  });

  it('the CLI runs bundled (scripts/bundle-cli.mjs): main.js and chunks of it, none of the per-file modules tsc wrote', () => {
    const r = packagesOf(['scan', '--format', 'json', join(tmp, 'empty.log')]);
    expect(r.status).toBe(0);
    const own = r.modules.filter((m) => m.startsWith('dist/'));
    expect(own.filter((m) => m !== 'dist/cli/main.js' && chunkName(m) === undefined)).toEqual([]);
    // 22 files; 60 modules unbundled. Node's ES module loader costs ~0.3 ms per file: a scan should not gain chunks.
    expect(own.length).toBeLessThanOrEqual(24);
  });

  it('explain loads no package: no zod, no yaml and no rxjs (not even its bundled part)', () => {
    const r = packagesOf(['explain', '161002']);
    expect(r.status).toBe(0);
    expect(r.packages).toEqual([]);
    expect(bundledRxjs(r.modules)).toEqual([]);
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
