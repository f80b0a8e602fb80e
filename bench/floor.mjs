#!/usr/bin/env node
// The floor under scan's single-thread throughput: how long the parts every scan must do take on their own, in
// this process, next to `LC_ALL=C grep -cE` with the bench anchors on the same file in the same run. Parts, each
// on the whole corpus in 256 KiB reads as scan reads it (after one warm-up pass):
//   read      the chunks, nothing else
//   split     + every line end found (Buffer.indexOf)
//   search    + the rules' byte prefilter (LiteralSearch.firstInBytes), resumed after each hit's line, as the
//             line splitter does: the lines it finds are the ones scan decodes and runs the rules on
//   decode    + those lines decoded to strings (what is left is the rules' work on them)
// If `search` alone takes more than 2.5x grep's time, 0.4x grep (issue 14) is out of reach for any scan built on
// it, whatever the rules cost. Not a test.
// usage: node bench/floor.mjs [--corpus bench/out/corpus.log] [--runs 3]
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../dist/knowledge/load-knowledge.js';

const { values: args } = parseArgs({ options: { corpus: { type: 'string', default: 'bench/out/corpus.log' }, runs: { type: 'string', default: '3' } } });
const corpus = args.corpus;
const RUNS = Number(args.runs);
const CHUNK = 256 * 1024;
const LF = 10;

const search = loadKnowledge({ catalogDir: 'catalogs', rulesDir: 'rules' }).rules.bytePrefilter;

/** One pass over the file; `level` 0 read, 1 split, 2 search, 3 decode. Returns the lines it would deliver. */
function pass(level) {
  const fd = openSync(corpus, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry = 0;
  let hits = 0;
  let lines = 0;
  let chars = 0;
  for (;;) {
    const n = readSync(fd, buf, carry, CHUNK - carry, null);
    const end = carry + n;
    if (n === 0) break;
    if (level === 0) {
      carry = 0;
      continue;
    }
    let pos = 0;
    let hit = -1;
    for (let nl = buf.indexOf(LF, pos); nl !== -1 && nl < end; nl = buf.indexOf(LF, pos)) {
      lines++;
      if (level >= 2) {
        if (hit < pos) {
          const at = search.firstInBytes(buf, pos, end);
          hit = at === -1 ? Infinity : at;
        }
        if (hit < nl) {
          hits++;
          if (level >= 3) chars += buf.toString('utf8', pos, nl).length;
        }
      }
      pos = nl + 1;
    }
    // The unfinished last line moves to the front (lines are far shorter than a chunk here).
    buf.copy(buf, 0, pos, end);
    carry = end - pos;
  }
  closeSync(fd);
  return { lines, hits, chars };
}

function best(fn) {
  let wall = Infinity;
  let out;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    out = fn();
    wall = Math.min(wall, (performance.now() - t) / 1000);
  }
  return { wall, out };
}

const grepPattern = spawnSync(process.execPath, ['bench/anchors.mjs', '--grep'], { encoding: 'utf8' }).stdout.trim();
const grep = best(() => spawnSync('grep', ['-cE', grepPattern, corpus], { env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' }).stdout.trim());
pass(3); // warm-up: page cache and JIT
const parts = ['read', 'split', 'search', 'decode'].map((name, level) => ({ name, ...best(() => pass(level)) }));
const lines = parts[1].out.lines;
console.log(`corpus ${corpus}: ${lines.toLocaleString('en')} lines; best of ${RUNS}; load ${spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 3).join(' ')}`);
console.log(`grep -cE (bench anchors)  ${grep.wall.toFixed(3)} s  ${(lines / grep.wall / 1e3).toFixed(0)}k lines/s  (counted ${grep.out})`);
for (const p of parts) {
  const extra = p.name === 'search' ? `  lines with a byte anchor: ${p.out.hits.toLocaleString('en')}` : '';
  console.log(`${p.name.padEnd(25)} ${p.wall.toFixed(3)} s  ${(lines / p.wall / 1e3).toFixed(0)}k lines/s  ${(grep.wall / p.wall).toFixed(2)}x grep${extra}`);
}
