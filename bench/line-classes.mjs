#!/usr/bin/env node
// Where a one-thread scan's time goes, by the kind of line: the corpus cut (by grep, in input order) into
//   code       lines the peers' patterns count (bench/anchors.mjs: the corpus's code lines, all of them)
//   anchor     the other lines holding one of the rules' prefilter literals (this checkout's rules, whatever --cli
//              is): unwrapped, searched for anchors and run through the candidate rules, to find no code (the
//              corpus's near misses and Python sources; alone, the `F` end of a CRI record cut after its code)
//   plain      lines with no literal: only the byte prefilter and the line count see them
// and `scan --workers 1` timed on each part and on the whole, next to `LC_ALL=C grep -cE` on the whole, interleaved,
// best of --runs, with the events each found. A part's time is its scan less a scan of an empty file (the start-up).
// "grep-times" is a part's time over grep's on the whole corpus: 0.4x grep (issue 14) allows 2.5 of them for the whole
// scan. Not a test.
// usage: node bench/line-classes.mjs [--corpus bench/out/corpus.log] [--runs 3] [--cli dist/cli/main.js]
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { grepPattern } from './anchors.mjs';
import { NODE_ENV } from './node-env.mjs';

const USAGE = 'usage: node bench/line-classes.mjs [--corpus bench/out/corpus.log] [--runs 3] [--cli dist/cli/main.js]';
/** Says why, and how it is used, on stderr; exits 2. */
function refuse(why) {
  process.stderr.write(`line-classes.mjs: ${why}\n${USAGE}\n`);
  process.exit(2);
}
let args;
try {
  args = parseArgs({
    options: {
      corpus: { type: 'string', default: 'bench/out/corpus.log' },
      runs: { type: 'string', default: '3' },
      cli: { type: 'string', default: 'dist/cli/main.js' },
    },
  }).values;
} catch (err) {
  refuse(err.message);
}
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) refuse(`--runs needs a whole number >= 1, got ${args.runs}`);
const corpus = args.corpus;
if (!existsSync(corpus)) refuse(`no corpus at ${corpus}: bench/run.sh makes one, or node bench/generate-corpus.mjs --lines 2000000 --seed 42 --out ${corpus}`);
if (!existsSync(args.cli)) refuse(`no CLI at ${args.cli}: npm run build`);
const knowledgeModule = new URL('../dist/knowledge/load-knowledge.js', import.meta.url);
if (!existsSync(knowledgeModule)) refuse('no dist/ in this checkout (its rules give the literals): npm run build');
const { loadKnowledge } = await import(knowledgeModule.href);
const dir = join('bench', 'out', 'line-classes');
mkdirSync(dir, { recursive: true });
const C = { ...NODE_ENV, LC_ALL: 'C' };
const pattern = grepPattern();

/** grep's output into `file` (exit 1, no line selected, is not an error). */
function grepInto(file, grepArgs) {
  const fd = openSync(file, 'w');
  try {
    const r = spawnSync('grep', grepArgs, { stdio: ['ignore', fd, 'inherit'], env: C });
    if (r.status !== 0 && r.status !== 1) throw new Error(`grep into ${file} exited ${r.status}`);
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
rmSync(part('rest'));
writeFileSync(part('empty'), '');

const lineCount = (file) => spawnSync('wc', ['-l', file], { encoding: 'utf8' }).stdout.trim().split(' ')[0];
const names = ['empty', 'code', 'anchor', 'plain'];
const info = new Map(names.map((n) => [n, { lines: Number(lineCount(part(n))), bytes: statSync(part(n)).size }]));

/**
 * Wall seconds and stdout of one run of `cmd args`, which must exit with one of `ok`. Its output is read, not sent to
 * /dev/null: GNU grep stops at the first match when its output is /dev/null.
 */
function time(what, cmd, cmdArgs, { ok = [0], env = NODE_ENV } = {}) {
  const t = performance.now();
  const r = spawnSync(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], env, maxBuffer: 1 << 26, encoding: 'utf8' });
  if (!ok.includes(r.status ?? -1)) throw new Error(`${what} exited ${r.status}: ${r.stderr}`);
  return { seconds: (performance.now() - t) / 1000, stdout: r.stdout };
}
/** Events found in each file (the same every run). */
const events = new Map();
function scan(key, file) {
  const r = time(`scan of ${file}`, process.execPath, [args.cli, 'scan', '--no-progress', '--format', 'json', '--workers', '1', file]);
  events.set(key, JSON.parse(r.stdout).events);
  return r.seconds;
}
const best = new Map();
const keep = (key, s) => best.set(key, Math.min(best.get(key) ?? Infinity, s));
for (let run = 0; run < RUNS; run++) {
  // grep -c exits 1 when no line matches (a corpus without codes).
  keep('grep', time(`grep -cE of ${corpus}`, 'grep', ['-cE', pattern, corpus], { ok: [0, 1], env: C }).seconds);
  keep('whole', scan('whole', corpus));
  for (const n of names) keep(n, scan(n, part(n)));
}

const grep = best.get('grep');
const start = best.get('empty');
const whole = best.get('whole') - start;
const total = Number(lineCount(corpus));
console.log(`${corpus}: ${total} lines; best of ${RUNS}; grep -cE ${grep.toFixed(2)} s; scan --workers 1 ${best.get('whole').toFixed(2)} s (start-up ${start.toFixed(2)} s) = ${(grep / best.get('whole')).toFixed(2)}x grep`);
console.log('| lines | count | MB | scan s | us per line | share of the scan | grep-times |\n|---|---:|---:|---:|---:|---:|---:|');
const perLine = (s, lines) => (lines === 0 ? '-' : ((s / lines) * 1e6).toFixed(2));
let sum = 0;
let unsure = false;
for (const n of names.slice(1)) {
  const { lines, bytes } = info.get(n);
  const s = best.get(n) - start;
  sum += s;
  if (s <= 0 && lines > 0) unsure = true;
  console.log(`| ${n} | ${lines} | ${(bytes / 1e6).toFixed(1)} | ${s.toFixed(2)} | ${perLine(s, lines)} | ${((100 * s) / whole).toFixed(0)}% | ${(s / grep).toFixed(2)} |`);
}
console.log(`| the parts | ${total} | ${(statSync(corpus).size / 1e6).toFixed(1)} | ${sum.toFixed(2)} | ${perLine(sum, total)} | ${((100 * sum) / whole).toFixed(0)}% | ${(sum / grep).toFixed(2)} |`);
console.log(`0.4x grep allows 2.5 grep-times (${(2.5 * grep).toFixed(2)} s) for the whole scan, start-up included.`);
// A part scanned alone finds what the whole finds in its lines, but for CRI records cut into a `P` partial holding the
// code and an `F` end without it: in the whole they are one line and one event, apart the `F` end may be a second.
console.log(`events: whole ${events.get('whole')}, code ${events.get('code')}, anchor ${events.get('anchor')}, plain ${events.get('plain')}`);
if (unsure || sum < 0.9 * whole || sum > 1.1 * whole) {
  console.log(`warning: the parts add up to ${((100 * sum) / whole).toFixed(0)}% of the whole${unsure ? ', a part took no time beyond the start-up' : ''}: the machine's speed moved between runs (try more --runs) or the corpus is too small (each part pays the JIT's warm-up)`);
}
