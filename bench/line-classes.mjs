#!/usr/bin/env node
// Where a one-thread scan's time goes, by the kind of line: the corpus cut (by grep, in input order) into
//   code       lines the peers' patterns count (bench/anchors.mjs: the corpus's code lines, all of them)
//   anchor     the other lines holding one of the rules' prefilter literals: unwrapped, searched for anchors and
//              run through the candidate rules, to find no code (the corpus's near misses and Python sources)
//   plain      lines with no literal: only the byte prefilter and the line count see them
// and `scan --workers 1` timed on each part and on the whole, next to `LC_ALL=C grep -cE` on the whole, interleaved,
// best of --runs. A part's time is its scan less a scan of an empty file (the start-up). "grep-times" is a part's time
// over grep's on the whole corpus: 0.4x grep (issue 14) allows 2.5 of them for the whole scan. Not a test.
// usage: node bench/line-classes.mjs [--corpus bench/out/corpus.log] [--runs 3] [--cli dist/cli/main.js]
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { grepPattern } from './anchors.mjs';
import { NODE_ENV } from './node-env.mjs';
import { loadKnowledge } from '../dist/knowledge/load-knowledge.js';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'bench/out/corpus.log' },
    runs: { type: 'string', default: '3' },
    cli: { type: 'string', default: 'dist/cli/main.js' },
  },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs needs a whole number >= 1, got ${args.runs}`);
const corpus = args.corpus;
const dir = join('bench', 'out', 'line-classes');
mkdirSync(dir, { recursive: true });
const C = { ...NODE_ENV, LC_ALL: 'C' };
const pattern = grepPattern();

/** grep's output into `file` (exit 1, no line selected, is not an error). */
function grepInto(file, grepArgs) {
  const fd = openSync(file, 'w');
  try {
    const r = spawnSync('grep', grepArgs, { stdio: ['ignore', fd, 'inherit'], env: C });
    if (r.status !== 0 && r.status !== 1) throw new Error(`grep ${grepArgs.join(' ')} exited ${r.status}`);
  } finally {
    closeSync(fd);
  }
}

const literals = join(dir, 'literals.txt');
writeFileSync(literals, `${loadKnowledge({ catalogDir: 'catalogs', rulesDir: 'rules' }).rules.bytePrefilter.literals.join('\n')}\n`);
const part = (name) => join(dir, `${name}.log`);
grepInto(part('code'), ['-E', pattern, corpus]);
grepInto(part('rest'), ['-vE', pattern, corpus]);
grepInto(part('anchor'), ['-F', '-f', literals, part('rest')]);
grepInto(part('plain'), ['-vF', '-f', literals, part('rest')]);
writeFileSync(part('empty'), '');

const lineCount = (file) => spawnSync('wc', ['-l', file], { encoding: 'utf8' }).stdout.trim().split(' ')[0];
const names = ['empty', 'code', 'anchor', 'plain'];
const info = new Map(names.map((n) => [n, { lines: Number(lineCount(part(n))), bytes: statSync(part(n)).size }]));

/**
 * Wall seconds of one run of `cmd args`, which must exit with one of `ok`. Its output is read, not sent to /dev/null:
 * GNU grep stops at the first match when its output is /dev/null.
 */
function time(cmd, cmdArgs, ok = [0]) {
  const t = performance.now();
  const r = spawnSync(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: NODE_ENV, maxBuffer: 1 << 26 });
  if (!ok.includes(r.status ?? -1)) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr}`);
  return (performance.now() - t) / 1000;
}
const scan = (file) => time(process.execPath, [args.cli, 'scan', '--no-progress', '--format', 'json', '--workers', '1', file]);
const best = new Map();
const keep = (key, s) => best.set(key, Math.min(best.get(key) ?? Infinity, s));
for (let run = 0; run < RUNS; run++) {
  keep('grep', time('env', ['LC_ALL=C', 'grep', '-cE', pattern, corpus]));
  keep('whole', scan(corpus));
  for (const n of names) keep(n, scan(part(n)));
}

const grep = best.get('grep');
const start = best.get('empty');
const whole = best.get('whole') - start;
const total = Number(lineCount(corpus));
console.log(`${corpus}: ${total} lines; best of ${RUNS}; grep -cE ${grep.toFixed(2)} s; scan --workers 1 ${best.get('whole').toFixed(2)} s (start-up ${start.toFixed(2)} s) = ${(grep / best.get('whole')).toFixed(2)}x grep`);
console.log('| lines | count | MB | scan s | us per line | share of the scan | grep-times |\n|---|---:|---:|---:|---:|---:|---:|');
let sum = 0;
for (const n of names.slice(1)) {
  const { lines, bytes } = info.get(n);
  const s = best.get(n) - start;
  sum += s;
  console.log(`| ${n} | ${lines} | ${(bytes / 1e6).toFixed(1)} | ${s.toFixed(2)} | ${((s / lines) * 1e6).toFixed(2)} | ${((100 * s) / whole).toFixed(0)}% | ${(s / grep).toFixed(2)} |`);
}
console.log(`| the parts | ${total} | ${(statSync(corpus).size / 1e6).toFixed(1)} | ${sum.toFixed(2)} | ${((sum / total) * 1e6).toFixed(2)} | ${((100 * sum) / whole).toFixed(0)}% | ${(sum / grep).toFixed(2)} |`);
console.log(`0.4x grep allows 2.5 grep-times (${(2.5 * grep).toFixed(2)} s) for the whole scan, start-up included.`);
