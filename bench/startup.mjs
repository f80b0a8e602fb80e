#!/usr/bin/env node
// Start-up cost: wall time and peak RSS of `scan` on an empty file, `explain` and `check` against a bare
// `node -e 0`, interleaved in one run so every command sees the same load; best (lowest) of --runs each.
// Not a test. usage: node bench/startup.mjs [--runs 15] [--cli dist/cli/main.js] [--cli other/dist/cli/main.js ...]
// Every command runs without NODE_EXTRA_CA_CERTS and NODE_OPTIONS (node-env.mjs says why).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_ENV, REMOVED } from './node-env.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '15' }, cli: { type: 'string', multiple: true, default: ['dist/cli/main.js'] } } });
const RUNS = Number(args.runs);
const clis = args.cli;
const dir = mkdtempSync(join(tmpdir(), 'startup-'));
const empty = join(dir, 'empty.log');
writeFileSync(empty, '');

const commands = [['node -e 0', ['-e', '0']]];
for (const cli of clis) {
  const tag = clis.length > 1 ? ` (${cli})` : '';
  commands.push([`scan <empty file>${tag}`, [cli, 'scan', '--no-progress', '--format', 'json', empty]]);
  commands.push([`explain 161002${tag}`, [cli, 'explain', '161002']]);
}
const best = new Map(commands.map(([name]) => [name, { ms: Infinity, rssKiB: Infinity }]));
for (let run = 0; run < RUNS; run++) {
  for (const [name, args] of commands) {
    const rssFile = join(dir, 'rss');
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: NODE_ENV });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
    const b = best.get(name);
    b.ms = Math.min(b.ms, ms);
    b.rssKiB = Math.min(b.rssKiB, Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()));
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
