#!/usr/bin/env node
// Start-up cost: wall time and peak RSS of `scan` on an empty file, `explain`, and `run` until it serves /metrics
// (what a DaemonSet restart waits for; watching an empty directory), against a bare `node -e 0`, interleaved in
// one run so every command sees the same load; best (lowest) of --runs each.
// Not a test. usage: node bench/startup.mjs [--runs 15] [--cli bin/errcode-exporter] [--cli dist/cli/main.js ...]
// A --cli ending in .js is started as `node CLI`, any other as an executable: by default both the package's command
// (bin/errcode-exporter: scan and explain from the V8 start-up snapshot) and `node dist/cli/main.js`.
// Every command runs without NODE_EXTRA_CA_CERTS and NODE_OPTIONS (node-env.mjs says why).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_ENV, REMOVED } from './node-env.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '15' }, cli: { type: 'string', multiple: true, default: ['bin/errcode-exporter', 'dist/cli/main.js'] } } });
const RUNS = Number(args.runs);
const clis = args.cli;
const dir = mkdtempSync(join(tmpdir(), 'startup-'));
const empty = join(dir, 'empty.log');
writeFileSync(empty, '');

const logs = join(dir, 'logs');
mkdirSync(logs);

/** The program and arguments that start `cli` with `args`. */
const startOf = (cli, args) => (cli.endsWith('.js') ? [process.execPath, [cli, ...args]] : [cli, args]);

/** `run` watching an empty directory: ms from spawn until it says it serves /metrics, and its peak RSS then. */
function runUntilServing(cli) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(...startOf(cli, ['run', '--watch', join(logs, '*.log'), '--web.listen-address', '127.0.0.1:0']), { stdio: ['ignore', 'ignore', 'pipe'], env: NODE_ENV });
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
      if (!err.includes('Serving metrics')) return;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      child.stderr.removeAllListeners('data');
      child.removeAllListeners('exit');
      child.once('exit', () => resolve({ ms, rssKiB: Number(hwm?.[1] ?? NaN) }));
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => reject(new Error(`run exited ${code} before serving: ${err}`)));
  });
}

/** One start of `program args`: its wall ms and peak RSS. */
function timed(program, args) {
  const rssFile = join(dir, 'rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, program, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: NODE_ENV });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, rssKiB: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) };
}

/** Each command and how to start it once: its wall ms and peak RSS. */
const commands = [['node -e 0', () => timed(process.execPath, ['-e', '0'])]];
for (const cli of clis) {
  const tag = clis.length > 1 ? ` (${cli})` : '';
  commands.push([`scan <empty file>${tag}`, () => timed(...startOf(cli, ['scan', '--no-progress', '--format', 'json', empty]))]);
  commands.push([`explain 161002${tag}`, () => timed(...startOf(cli, ['explain', '161002']))]);
  commands.push([`run until serving${tag}`, () => runUntilServing(cli)]);
}
const best = new Map(commands.map(([name]) => [name, { ms: Infinity, rssKiB: Infinity }]));
for (let run = 0; run < RUNS; run++) {
  for (const [name, start] of commands) {
    const { ms, rssKiB } = await start();
    const b = best.get(name);
    b.ms = Math.min(b.ms, ms);
    b.rssKiB = Math.min(b.rssKiB, rssKiB);
  }
}
rmSync(dir, { recursive: true, force: true });
const base = best.get('node -e 0');
const without = REMOVED.length > 0 ? `, without ${REMOVED.join(' and ')} (set here)` : '';
console.log(`best of ${RUNS}${without}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('| command | wall ms | vs node -e 0 | peak RSS MiB |\n|---|---:|---:|---:|');
for (const [name, b] of best) {
  console.log(`| \`${name}\` | ${b.ms.toFixed(0)} | ${(b.ms / base.ms).toFixed(2)}x | ${(b.rssKiB / 1024).toFixed(1)} |`);
}
