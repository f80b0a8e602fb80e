#!/usr/bin/env node
// The rules' byte prefilter (LiteralSearch.firstInBytes) of two builds, in one process, passes interleaved A, B, B, A,
// ... over the corpus as the line splitter runs it (chunks of about 256 KiB cut at line ends, the search resumed
// after each hit's line). On this shared machine two processes' wall times moved by up to 40% between minutes, so a
// change of a few percent in the search showed only here, where both builds see the same moments. Every pass must
// find the same lines (their count and a checksum of where the hits are), or it stops with exit 1. Not a test.
// The literals are the bundled rules' as this checkout's build compiles them; only the search code differs.
// usage: node bench/search-ab.mjs <distA> [distB] [--corpus FILE] [--rounds 24]
//   distB defaults to this checkout's dist, the corpus to its bench/out/corpus.log (bench/run.sh generates it).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = 'usage: node bench/search-ab.mjs <distA> [distB] [--corpus FILE] [--rounds N]\n';

/** Exits 2 with `why` and the usage. */
function usage(why) {
  process.stderr.write(`search-ab: ${why}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { corpus: { type: 'string', default: resolve(ROOT, 'bench/out/corpus.log') }, rounds: { type: 'string', default: '24' } },
  });
} catch (err) {
  usage(err.message);
}
const { values: args, positionals } = parsed;
if (positionals.length < 1 || positionals.length > 2) usage('give one or two dist directories');
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) usage(`--rounds must be a whole number >= 1, got ${args.rounds}`);
const dists = { A: resolve(positionals[0]), B: resolve(positionals[1] ?? resolve(ROOT, 'dist')) };
const CHUNK = 256 * 1024;
const LF = 10;

const { loadKnowledge } = await import(pathToFileURL(resolve(ROOT, 'dist/knowledge/load-knowledge.js')).href);
const literals = loadKnowledge({ catalogDir: resolve(ROOT, 'catalogs'), rulesDir: resolve(ROOT, 'rules') }).rules.bytePrefilter.literals;
const searches = {};
for (const [name, dist] of Object.entries(dists)) {
  const { LiteralSearch } = await import(pathToFileURL(resolve(dist, 'rules/literal-search.js')).href);
  searches[name] = LiteralSearch.ofUtf8(literals);
}
const data = readFileSync(args.corpus);
/** Chunk ends: about CHUNK bytes each, cut after a line end (a longer line makes a longer chunk). */
const ends = [];
for (let start = 0; start < data.length; ) {
  const lf = start + CHUNK >= data.length ? -1 : data.lastIndexOf(LF, start + CHUNK - 1);
  const end = lf < start ? (data.indexOf(LF, start + CHUNK) + 1 || data.length) : lf + 1;
  ends.push(end);
  start = end;
}

/** One pass: the lines the search finds a literal in, and a checksum of where. */
function pass(search) {
  let lines = 0;
  let sum = 0;
  let start = 0;
  for (const end of ends) {
    for (let pos = start; pos < end; ) {
      const at = search.firstInBytes(data, pos, end);
      if (at === -1) break;
      lines++;
      sum = (sum * 31 + at + search.foundLiteral) >>> 0;
      const nl = data.indexOf(LF, at);
      pos = nl === -1 || nl >= end ? end : nl + 1;
    }
    start = end;
  }
  return `${lines} ${sum}`;
}

const times = { A: [], B: [] };
let expected;
for (let r = 0; r < rounds; r++) {
  for (const name of r % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
    const t = performance.now();
    const found = pass(searches[name]);
    times[name].push(performance.now() - t);
    expected ??= found;
    if (found !== expected) {
      process.stderr.write(`search-ab: ${name} (${dists[name]}) found "${found}" (lines, checksum) in round ${r + 1}, not "${expected}"\n`);
      process.exit(1);
    }
  }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const mib = data.length / 2 ** 20;
console.log(`${args.corpus}: ${mib.toFixed(0)} MiB, a literal in ${expected.split(' ')[0]} lines, the same in every pass; ${rounds} rounds interleaved`);
for (const name of ['A', 'B']) {
  const m = median(times[name]);
  console.log(`${name} ${dists[name]}: median ${m.toFixed(0)} ms (${(mib / (m / 1000)).toFixed(0)} MiB/s), best ${Math.min(...times[name]).toFixed(0)} ms`);
}
console.log(`B/A time: median ${(median(times.B) / median(times.A)).toFixed(3)}, best ${(Math.min(...times.B) / Math.min(...times.A)).toFixed(3)}`);
