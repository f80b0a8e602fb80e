#!/usr/bin/env node
// Reads the /usr/bin/time -v reports and outputs written by bench/run.sh and prints the comparison table.
// usage: node bench/summarize.mjs <out-dir> <runs>
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = 'bench/out', runsArg = '1'] = process.argv.slice(2);
const runs = Number(runsArg);
const TOOLS = ['scan', 'mtail', 'grep', 'wc'];

function parseTime(file) {
  const text = readFileSync(file, 'utf8');
  const num = (label) => Number(new RegExp(`${label}: ([0-9.]+)`).exec(text)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([0-9.]+)/.exec(text);
  const wallSeconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  return { wall: wallSeconds, cpu: num('User time \\(seconds\\)') + num('System time \\(seconds\\)'), rssMb: num('Maximum resident set size \\(kbytes\\)') / 1024 };
}

/** Best (lowest wall) of the runs, as benchmarks conventionally report on a shared machine. */
function best(tool) {
  const all = [];
  for (let i = 1; i <= runs; i++) if (existsSync(join(dir, `${tool}.${i}.time`))) all.push(parseTime(join(dir, `${tool}.${i}.time`)));
  return all.sort((a, b) => a.wall - b.wall)[0];
}

const lines = Number(readFileSync(join(dir, 'wc.out'), 'utf8').trim().split(/\s+/)[0]);
const results = Object.fromEntries(TOOLS.map((t) => [t, best(t)]));
const row = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(6) : String(c).padStart(13))).join(' ');
console.log(`\n${lines.toLocaleString('en-US')} lines; best of ${runs} run(s)\n`);
console.log(row(['tool', 'wall s', 'lines/s', 'CPU-s/Mlines', 'peak RSS MB', 'x mtail', 'x grep']));
for (const t of TOOLS) {
  const r = results[t];
  const rate = lines / r.wall;
  console.log(row([t, r.wall.toFixed(2), Math.round(rate).toLocaleString('en-US'), ((r.cpu * 1e6) / lines).toFixed(2), r.rssMb.toFixed(1),
    (results.mtail.wall / r.wall).toFixed(2), (results.grep.wall / r.wall).toFixed(2)]));
}

// What each tool found, so a fast tool that finds nothing cannot win.
const scan = JSON.parse(readFileSync(join(dir, 'scan.out'), 'utf8'));
const byFamily = {};
for (const c of scan.codes) if (c.class !== 'success') byFamily[c.family] = (byFamily[c.family] ?? 0) + c.count;
const mtailByFamily = {};
for (const m of readFileSync(join(dir, 'mtail.out'), 'utf8').matchAll(/^errcode_events_total\{[^}]*family="([^"]+)"[^}]*\} (\d+)/gm))
  mtailByFamily[m[1]] = (mtailByFamily[m[1]] ?? 0) + Number(m[2]);
const expectedFile = readdirExpected();
console.log(`\nfound: scan ${scan.events} events (${JSON.stringify(byFamily)}), mtail ${Object.values(mtailByFamily).reduce((a, b) => a + b, 0)} (${JSON.stringify(mtailByFamily)}), grep ${readFileSync(join(dir, 'grep.out'), 'utf8').trim()} lines`);
if (expectedFile) console.log(`generated: ${expectedFile.codeLines} code lines (${JSON.stringify(expectedFile.byFamily)})`);

function readdirExpected() {
  const f = join(dir, 'corpus.log.expected.json');
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined;
}
