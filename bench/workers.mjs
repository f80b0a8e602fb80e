#!/usr/bin/env node
// Scan throughput by thread count: `scan --format json --workers N` on one corpus, interleaved runs so every
// count sees the same load, best wall time of --runs each, with CPU seconds and peak RSS (/usr/bin/time), the
// speed-up over one thread, and a check that every count printed the same report. Also, interleaved with them, the
// machine's own ceiling for the largest count N: N `--workers 1` processes at once, each on 1/N of the lines (cut at
// line ends), timed until the last ends: a shared machine's cores slow each other down (caches, memory, the host),
// so a thread count's speed-up means most next to what independent processes reach in the same minutes. Not a test.
// usage: node bench/workers.mjs [--runs 3] [--workers 1,2] [--corpus bench/out/corpus.log] [--cli dist/cli/main.js]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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
const text = readFileSync(corpus);
const lines = text.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
const dir = mkdtempSync(join(tmpdir(), 'workers-'));
/** The corpus in `parts` files of about equal bytes, each ending at a line end. */
function cut(parts) {
  const files = [];
  let start = 0;
  for (let i = 1; i <= parts; i++) {
    const end = i === parts ? text.length : text.indexOf(10, Math.floor((text.length * i) / parts)) + 1 || text.length;
    files.push(join(dir, `part-${i}-of-${parts}.log`));
    writeFileSync(files.at(-1), text.subarray(start, end));
    start = end;
  }
  return files;
}
const most = Math.max(...counts);
const parts = most > 1 ? cut(most) : [];
/** Wall seconds until every part's `scan --workers 1` has ended, started together; CPU seconds and the largest RSS. */
async function processes() {
  const t = performance.now();
  const each = await Promise.all(
    parts.map((file, i) => new Promise((resolve, reject) => {
      const stats = join(dir, `time-${i}`);
      const p = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', stats, process.execPath, cli, 'scan', '--no-progress', '--format', 'json', '--workers', '1', file], { stdio: 'ignore', env: NODE_ENV });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve(readFileSync(stats, 'utf8').trim().split('\n').pop().split(' ').map(Number)) : reject(new Error(`scan of ${file} exited ${code}`))));
    })),
  );
  return { wall: (performance.now() - t) / 1000, cpu: each.reduce((sum, [u, sy]) => sum + u + sy, 0), rssKiB: Math.max(...each.map((e) => e[2])) };
}
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadBefore = load();
const best = new Map(counts.map((n) => [n, { wall: Infinity, cpu: Infinity, rssKiB: Infinity, out: '' }]));
const ceiling = { wall: Infinity, cpu: Infinity, rssKiB: Infinity };
for (let run = 0; run < RUNS; run++) {
  if (parts.length > 0) {
    const c = await processes();
    if (c.wall < ceiling.wall) Object.assign(ceiling, { wall: c.wall, cpu: c.cpu });
    ceiling.rssKiB = Math.min(ceiling.rssKiB, c.rssKiB);
  }
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
if (parts.length > 0) {
  const c = ceiling;
  console.log(`| 1 x ${most} processes, 1/${most} of the lines each | ${c.wall.toFixed(2)} | ${Math.round(lines / c.wall).toLocaleString('en')} | ${c.cpu.toFixed(2)} | ${(c.rssKiB / 1024).toFixed(1)} each | ${(one.wall / c.wall).toFixed(2)}x |`);
}
