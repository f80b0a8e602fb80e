#!/usr/bin/env node
// The rules' byte prefilter (LiteralSearch.firstInBytes) of two builds, in one process, passes interleaved A, B, B, A,
// ... over the corpus as the line splitter runs it (resumed after each hit's line, in 256 KiB chunks). On this shared
// machine two processes' wall times moved by up to 40% between minutes, so a change of a few percent in the search
// showed only here, where both builds see the same moments. Checks that both find the same lines. Not a test.
// usage: node bench/search-ab.mjs <distA> [distB=dist] [--corpus bench/out/corpus.log] [--rounds 24]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { corpus: { type: 'string', default: 'bench/out/corpus.log' }, rounds: { type: 'string', default: '24' } },
});
if (positionals.length < 1) {
  process.stderr.write('usage: node bench/search-ab.mjs <distA> [distB=dist] [--corpus FILE] [--rounds N]\n');
  process.exit(2);
}
const dists = { A: positionals[0], B: positionals[1] ?? 'dist' };
const CHUNK = 256 * 1024;
const LF = 10;

const { loadKnowledge } = await import(pathToFileURL(resolve('dist/knowledge/load-knowledge.js')).href);
const literals = loadKnowledge({ catalogDir: 'catalogs', rulesDir: 'rules' }).rules.bytePrefilter.literals;
const searches = {};
for (const [name, dist] of Object.entries(dists)) {
  const { LiteralSearch } = await import(pathToFileURL(resolve(dist, 'rules/literal-search.js')).href);
  searches[name] = LiteralSearch.ofUtf8(literals);
}
const data = readFileSync(args.corpus);

/** One pass: how many lines the search finds a literal in. */
function pass(search) {
  let found = 0;
  for (let off = 0; off < data.length; off += CHUNK) {
    const end = Math.min(data.length, off + CHUNK);
    for (let pos = off; pos < end; ) {
      const at = search.firstInBytes(data, pos, end);
      if (at === -1) break;
      found++;
      const nl = data.indexOf(LF, at);
      pos = nl === -1 ? end : nl + 1;
    }
  }
  return found;
}

const times = { A: [], B: [] };
const found = {};
for (let r = 0; r < Number(args.rounds); r++) {
  for (const name of r % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
    const t = performance.now();
    found[name] = pass(searches[name]);
    times[name].push(performance.now() - t);
  }
}
if (found.A !== found.B) {
  process.stderr.write(`the builds disagree: A found a literal in ${found.A} lines, B in ${found.B}\n`);
  process.exit(1);
}
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const mb = data.length / 2 ** 20;
console.log(`${args.corpus}: ${mb.toFixed(0)} MiB, ${found.A} lines with a literal, ${args.rounds} rounds interleaved`);
for (const name of ['A', 'B']) {
  const m = median(times[name]);
  console.log(`${name} ${dists[name]}: median ${m.toFixed(0)} ms (${(mb / (m / 1000)).toFixed(0)} MiB/s), best ${Math.min(...times[name]).toFixed(0)} ms`);
}
console.log(`B/A time: median ${(median(times.B) / median(times.A)).toFixed(3)}, best ${(Math.min(...times.B) / Math.min(...times.A)).toFixed(3)}`);
