// bin/errcode-exporter starts scan and explain from the V8 start-up snapshot `npm run build` made (dist/startup/,
// built by test/global-setup.ts), and everything else, or anything it cannot prove the blob fits, from
// dist/cli/main.js. Both ways must print the same bytes and exit the same. Which way a start went is read from the
// process itself (/proc/<pid>/cmdline: the launcher execs node), never from timing.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_COMMANDS } from '../../src/cli/snapshot-commands.js';
import { PARALLEL_MIN_BYTES } from '../../src/pipeline/parallel/scan-threads.js';
import { SAFE_REGEX_V8_FLAGS } from '../../src/regex/safe-regex-flags.js';

const ROOT = process.cwd();
const LAUNCHER = join(ROOT, 'bin/errcode-exporter');
const MAIN = join(ROOT, 'dist/cli/main.js');
const EXAMPLES = readdirSync(join(ROOT, 'examples/logs'))
  .filter((name) => name.endsWith('.log'))
  .sort()
  .map((name) => `examples/logs/${name}`);
const tmp = mkdtempSync(join(tmpdir(), 'startup-snapshot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The environment of a start: no NODE_OPTIONS (vitest may set some), the given additions. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('NODE_OPTIONS' in extra)) delete e.NODE_OPTIONS;
  return e;
}

interface Started {
  /** node's command line once the launcher exec'd it. */
  readonly argv: string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/**
 * Runs `launcher args` with `stdin` written after node has started (it waits for stdin: `scan -`, or any command,
 * which does not read it), and reports node's own command line.
 */
async function start(launcher: string, args: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Started> {
  const child = spawn(launcher, args, { env: opts.env ?? env(), cwd: opts.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let argv: string[] = [];
  for (let i = 0; i < 400 && child.exitCode === null; i++) {
    try {
      argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
    } catch {
      break; // gone already
    }
    if (argv.length > 0 && !/(^|\/)(da|ba)?sh$/.test(argv[0] ?? '')) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.stdin.end(opts.stdin ?? '');
  const status = await exited;
  return { argv, stdout, stderr, status };
}

/** What `node dist/cli/main.js args` prints and exits with. */
function direct(args: string[], stdin = '', environment = env()): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: environment, cwd: ROOT, input: stdin, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const fromSnapshot = (s: Started): boolean => s.argv.includes('--snapshot-blob');

describe('npm run build', () => {
  it('wrote the blob and what the launcher checks', () => {
    expect(existsSync(join(ROOT, 'dist/startup/cli.blob'))).toBe(true);
    const [root, flags, node, minBytes] = readFileSync(join(ROOT, 'dist/startup/launch'), 'utf8').split('\n');
    expect(root).toBe(realpathSync(ROOT));
    expect(flags).toBe(SAFE_REGEX_V8_FLAGS.join(' '));
    expect(node).toBe(realpathSync(process.execPath));
    expect(minBytes).toBe(String(PARALLEL_MIN_BYTES));
    expect(statSync(join(ROOT, 'dist/startup/node-mtime')).mtimeMs).toBe(statSync(realpathSync(process.execPath)).mtimeMs);
  });

  it('sends exactly the commands the snapshot holds there (the launcher\'s `case`)', () => {
    const launcher = readFileSync(LAUNCHER, 'utf8');
    const cases = /^\s*([a-z| ]+)\)\n\s*startup=/m.exec(launcher)?.[1]?.split('|').map((c) => c.trim());
    expect(cases).toEqual(SNAPSHOT_COMMANDS.map(([name]) => name));
  });
});

describe('bin/errcode-exporter', () => {
  const sample = readFileSync(join(ROOT, 'examples/logs/mixed.log'), 'utf8');
  const cases: Array<[string, string[], string?]> = [
    ['scan of files', ['scan', ...EXAMPLES]],
    ['scan as JSON', ['scan', ...EXAMPLES, '--format', 'json']],
    ['scan as Prometheus text', ['scan', ...EXAMPLES, '--format', 'prom']],
    ['scan of stdin with events', ['scan', '-', '--events'], sample],
    ['scan --fail-on (exit 1)', ['scan', ...EXAMPLES, '--fail-on', 'fatal']],
    ['scan of a missing file (exit 2)', ['scan', 'no-such-file.log']],
    ['scan with a usage error (exit 2)', ['scan', '--format', 'xml']],
    ['scan --help', ['scan', '--help']],
    ['explain', ['explain', '161002']],
    ['explain in Chinese', ['explain', 'LLM_WAIT_PROCESS_TIMEOUT', '--lang', 'zh']],
    ['explain of an unknown code (exit 1)', ['explain', '999999999']],
  ];
  for (const [what, args, stdin] of cases) {
    it(`${what}: from the snapshot, the same output and exit as dist/cli/main.js`, async () => {
      const s = await start(LAUNCHER, args, { stdin });
      expect(fromSnapshot(s), s.argv.join(' ')).toBe(true);
      const d = direct(args, stdin);
      expect({ stdout: s.stdout, stderr: s.stderr, status: s.status }).toEqual(d);
    });
  }

  it('a scan that may use worker threads runs dist/cli/main.js (a started snapshot holds its blob, and each worker deserializes it again)', async () => {
    const log = join(tmp, 'some.log');
    writeFileSync(log, sample.repeat(40_000 / sample.split('\n').length + 1));
    // Sparse files: sizes at and around the size from which scan uses worker threads, nothing written.
    const sized = (name: string, bytes: number): string => {
      const file = join(tmp, name);
      writeFileSync(file, '');
      truncateSync(file, bytes);
      return file;
    };
    const oneThread = await start(LAUNCHER, ['scan', sized('just-below.log', PARALLEL_MIN_BYTES - 1), '--format', 'json']);
    expect(fromSnapshot(oneThread)).toBe(true);
    const threaded: string[][] = [
      ['scan', log, '--workers', '2', '--format', 'json'],
      ['scan', `--workers=2`, log],
      ['scan', sized('at-the-size.log', PARALLEL_MIN_BYTES)],
      ['scan', sized('half-a.log', PARALLEL_MIN_BYTES / 2), sized('half-b.log', PARALLEL_MIN_BYTES / 2)],
      ['scan', 'examples/logs'],
      ['scan', 'examples/logs/*.log'],
    ];
    for (const args of threaded) {
      const s = await start(LAUNCHER, args);
      expect(s.argv.slice(1), args.join(' ')).toEqual([MAIN, ...args]);
      expect(s.status).toBe(direct(args).status);
    }
    const first = threaded[0] ?? [];
    expect((await start(LAUNCHER, first)).stdout).toBe(direct(first).stdout);
  });

  it('local times in any TZ, on the very minute the build\'s warm-up scanned (its caches are forgotten)', async () => {
    // The first line's minute is the warm-up's first line's (src/cli/startup-snapshot.ts), computed in the build's TZ.
    const lines = [
      '[ERROR] ASCENDCL(1,python):2026-03-14-09:21:12.123.456 [a.cpp:1] error code is 161002',
      '2026-03-14 09:21:13 ERROR llm_datadist: pull kv failed, LLMStatusCode.LLM_LINK_FAILED',
      '2026-12-31 23:59:59 ERROR error code is 161002',
    ].join('\n');
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'UTC']) {
      const args = ['scan', '-', '--events', '--format', 'json'];
      const s = await start(LAUNCHER, args, { stdin: lines, env: env({ TZ: tz }) });
      expect(fromSnapshot(s)).toBe(true);
      expect(s.stdout, tz).toBe(direct(args, lines, env({ TZ: tz })).stdout);
    }
  });

  it('catalogs of its own (--catalogs) are read and checked as always', async () => {
    const copy = join(tmp, 'catalogs');
    cpSync(join(ROOT, 'catalogs'), copy, { recursive: true });
    const aclnn = join(copy, 'aclnn.yaml');
    writeFileSync(aclnn, readFileSync(aclnn, 'utf8').replace('ACLNN_ERR_PARAM_INVALID', 'ACLNN_ERR_PARAM_INVALID_EDITED'));
    const s = await start(LAUNCHER, ['explain', '161002', '--catalogs', copy]);
    expect(fromSnapshot(s)).toBe(true);
    expect(s.stdout).toContain('ACLNN_ERR_PARAM_INVALID_EDITED');
    writeFileSync(aclnn, 'families: [\n');
    const broken = await start(LAUNCHER, ['explain', '161002', '--catalogs', copy]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/aclnn\.yaml:\d+:\d+/);
  });

  it('through symbolic links, absolute and relative, as npm links a bin, it still finds its package and the snapshot', async () => {
    const link = join(tmp, 'linked-bin');
    mkdirSync(join(link, 'lib'), { recursive: true });
    symlinkSync(LAUNCHER, join(link, 'lib', 'absolute'));
    symlinkSync('lib/absolute', join(link, 'relative'));
    for (const name of ['lib/absolute', 'relative']) {
      const s = await start(join(link, name), ['explain', '161002'], { cwd: tmp });
      expect(fromSnapshot(s), name).toBe(true);
      expect(s.stdout).toContain('ACLNN_ERR_PARAM_INVALID');
    }
  });

  it('started by a relative path with CDPATH exported (cd would print the directory it chose)', async () => {
    const s = await start('bin/errcode-exporter', ['explain', '161002'], { env: env({ CDPATH: `.:${tmp}` }) });
    expect(fromSnapshot(s), s.stderr).toBe(true);
    expect(s.stdout).toContain('ACLNN_ERR_PARAM_INVALID');
  });

  it('every other command runs dist/cli/main.js', async () => {
    for (const args of [['catalog', 'list', '--family', 'aclnn'], ['--version'], []]) {
      const s = await start(LAUNCHER, args);
      expect(s.argv.slice(1)).toEqual([MAIN, ...args]);
      expect({ stdout: s.stdout, status: s.status }).toEqual({ stdout: direct(args).stdout, status: direct(args).status });
    }
  });

  it('runs dist/cli/main.js under NODE_OPTIONS (their V8 flags would not be the blob\'s)', async () => {
    const s = await start(LAUNCHER, ['explain', '161002'], { env: env({ NODE_OPTIONS: '--max-old-space-size=512' }) });
    expect(s.argv.slice(1)).toEqual([MAIN, 'explain', '161002']);
    expect(s.status).toBe(0);
  });

  it('runs dist/cli/main.js with another `node` on PATH, of another or of the same modification time (V8 would refuse the blob: exit 14)', async () => {
    const realNode = statSync(realpathSync(process.execPath));
    for (const sameTime of [false, true]) {
      // Another file that runs the same node: were it taken for the builder, the blob would be passed to it.
      const other = join(tmp, `other-node-${sameTime}`);
      mkdirSync(other);
      const node = join(other, 'node');
      writeFileSync(node, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} "$@"\n`);
      chmodSync(node, 0o755);
      if (sameTime) utimesSync(node, realNode.atime, realNode.mtime); // every file of a Nix store has one time
      const s = await start(LAUNCHER, ['explain', '161002'], { env: env({ PATH: `${other}:${process.env.PATH ?? ''}` }) });
      expect(s.argv.slice(1), `same time: ${sameTime}`).toEqual([MAIN, 'explain', '161002']);
      expect(s.status).toBe(0);
      expect(s.stdout).toContain('ACLNN_ERR_PARAM_INVALID');
    }
  });

  it('runs dist/cli/main.js when the CLI is newer than the blob (a build that failed after tsc)', async () => {
    const pkg = join(tmp, 'half-built');
    mkdirSync(pkg);
    cpSync(join(ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true, preserveTimestamps: true });
    for (const part of ['catalogs', 'rules', 'node_modules', 'package.json']) symlinkSync(join(ROOT, part), join(pkg, part));
    // As if built here: the launch file names this directory (the blob's modules still read the original's files).
    const launch = join(pkg, 'dist/startup/launch');
    writeFileSync(launch, readFileSync(launch, 'utf8').replace(/^.*\n/, `${realpathSync(pkg)}\n`));
    const blob = statSync(join(pkg, 'dist/startup/cli.blob'));
    utimesSync(join(pkg, 'dist/cli/main.js'), blob.atime, new Date(blob.mtimeMs - 60_000));
    const before = await start(join(pkg, 'bin/errcode-exporter'), ['explain', '161002']);
    expect(fromSnapshot(before)).toBe(true);
    utimesSync(join(pkg, 'dist/cli/main.js'), blob.atime, new Date(blob.mtimeMs + 60_000));
    const after = await start(join(pkg, 'bin/errcode-exporter'), ['explain', '161002']);
    expect(after.argv.slice(1)).toEqual([join(realpathSync(pkg), 'dist/cli/main.js'), 'explain', '161002']);
    expect(after.stdout).toBe(before.stdout);
  });

  it('says what to run when there is no build, exit 2', async () => {
    const pkg = join(tmp, 'unbuilt');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    cpSync(LAUNCHER, join(pkg, 'bin/errcode-exporter'));
    const s = await start(join(pkg, 'bin/errcode-exporter'), ['scan', 'x.log']);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/dist\/cli\/main\.js not found .*run `npm run build` in /);
  });

  it('runs dist/cli/main.js of its own directory when the blob was built in another (a copied package)', async () => {
    const pkg = join(tmp, 'copied-package');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    cpSync(LAUNCHER, join(pkg, 'bin/errcode-exporter'));
    for (const part of ['dist', 'catalogs', 'rules', 'node_modules', 'package.json']) symlinkSync(join(ROOT, part), join(pkg, part));
    const s = await start(join(pkg, 'bin/errcode-exporter'), ['explain', '161002']);
    expect(s.argv.slice(1)).toEqual([join(pkg, 'dist/cli/main.js'), 'explain', '161002']);
    expect(s.stdout).toContain('ACLNN_ERR_PARAM_INVALID');
  });
});
