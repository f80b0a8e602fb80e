#!/usr/bin/env node
// Scan throughput by thread count: `scan --format json --workers N` on one corpus, interleaved runs so every
// count sees the same load, best wall time of --runs each, with CPU seconds and peak RSS (/usr/bin/time), the
// speed-up over one thread, and a check that every count printed the same report. Not a test.
// usage: node bench/workers.mjs [--runs 3] [--workers 1,2] [--corpus bench/out/corpus.log] [--cli dist/cli/main.js]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_ENV } from './node-env.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    workers: { type: 'string', default: '1,2' },
    corpus: { type: 'string', default: 'bench/out/corpus.log' },
    cli: { type: 'string', default: 'dist/cli/main.js' },
  },
});
const RUNS = Number(args.runs);
const counts = args.workers.split(',').map(Number);
const corpus = args.corpus;
const cli = args.cli;
const lines = readFileSync(corpus).reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
const dir = mkdtempSync(join(tmpdir(), 'workers-'));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadBefore = load();
const best = new Map(counts.map((n) => [n, { wall: Infinity, cpu: Infinity, rssKiB: Infinity, out: '' }]));
for (let run = 0; run < RUNS; run++) {
  for (const n of counts) {
    const stats = join(dir, 'time');
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', stats, process.execPath, cli, 'scan', '--no-progress', '--format', 'json', '--workers', String(n), corpus], { encoding: 'utf8', maxBuffer: 1 << 28, env: NODE_ENV });
    if (r.status !== 0) throw new Error(`--workers ${n} exited ${r.status}: ${r.stderr}`);
    const [wall, user, sys, rss] = readFileSync(stats, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    const b = best.get(n);
    if (b.out !== '' && b.out !== r.stdout) throw new Error(`--workers ${n} printed a different report in run ${run + 1}`);
    b.out = r.stdout;
    if (wall < b.wall) Object.assign(b, { wall, cpu: user + sys });
    b.rssKiB = Math.min(b.rssKiB, rss);
  }
}
rmSync(dir, { recursive: true, force: true });
const reports = new Set([...best.values()].map((b) => b.out));
const one = best.get(counts[0]);
console.log(`${corpus}: ${lines} lines; best of ${RUNS}; load average ${loadBefore} before, ${load()} after; same report for every count: ${reports.size === 1 ? 'yes' : 'NO'}`);
console.log('| --workers | wall s | lines/s | CPU s | peak RSS MiB | speed-up |\n|---:|---:|---:|---:|---:|---:|');
for (const [n, b] of best) {
  console.log(`| ${n} | ${b.wall.toFixed(2)} | ${Math.round(lines / b.wall).toLocaleString('en')} | ${b.cpu.toFixed(2)} | ${(b.rssKiB / 1024).toFixed(1)} | ${(one.wall / b.wall).toFixed(2)}x |`);
}
