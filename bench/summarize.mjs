#!/usr/bin/env node
// Reads the /usr/bin/time -v reports and outputs written by bench/run.sh (or bench/compare-builds.sh) and
// prints the comparison table in Markdown, then what each tool found against what the generator wrote.
// usage: node bench/summarize.mjs <out-dir> <runs> <corpus.expected.json> <tool>...
//   tools named scan* are errcode-exporter scans (JSON report); mtail, grep and wc are the peers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, runsArg, expectedPath, ...tools] = process.argv.slice(2);
const runs = Number(runsArg);

function parseTime(file) {
  const text = readFileSync(file, 'utf8');
  const num = (label) => Number(new RegExp(`${label}: ([0-9.]+)`).exec(text)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([0-9.]+)/.exec(text);
  const wallSeconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  return { wall: wallSeconds, cpu: num('User time \\(seconds\\)') + num('System time \\(seconds\\)'), rssMb: num('Maximum resident set size \\(kbytes\\)') / 1024 };
}

/** Best (lowest wall) of the runs, as benchmarks conventionally report on a shared machine; all walls too. */
function best(tool) {
  const all = [];
  for (let i = 1; i <= runs; i++) if (existsSync(join(dir, `${tool}.${i}.time`))) all.push(parseTime(join(dir, `${tool}.${i}.time`)));
  const sorted = [...all].sort((a, b) => a.wall - b.wall);
  return { ...sorted[0], walls: all.map((r) => r.wall) };
}

function familiesOf(tool) {
  const text = readFileSync(join(dir, `${tool}.out`), 'utf8');
  if (tool.startsWith('scan')) {
    const report = JSON.parse(text);
    const byFamily = {};
    for (const c of report.codes) if (c.class !== 'success') byFamily[c.family] = (byFamily[c.family] ?? 0) + c.count;
    return { total: report.events, lines: report.lines, byFamily };
  }
  if (tool === 'mtail') {
    const byFamily = {};
    for (const m of text.matchAll(/^errcode_events_total\{[^}]*family="([^"]+)"[^}]*\} (\d+)/gm)) byFamily[m[1]] = (byFamily[m[1]] ?? 0) + Number(m[2]);
    return { total: Object.values(byFamily).reduce((a, b) => a + b, 0), byFamily };
  }
  if (tool === 'grep') return { total: Number(text.trim()) };
  return undefined;
}

const expected = existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : undefined;
const lines = Number(readFileSync(join(dir, 'wc.out'), 'utf8').trim().split(/\s+/)[0]);
const results = Object.fromEntries(tools.map((t) => [t, best(t)]));
const ratio = (peer, r) => (results[peer] ? `${(results[peer].wall / r.wall).toFixed(2)}x` : '-');
console.log(`\n${lines.toLocaleString('en-US')} lines; best of ${runs} run(s) by wall time\n`);
console.log('| tool | wall s (runs) | lines/s | CPU-s / M lines | peak RSS MB | speed vs mtail | speed vs grep | found |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const t of tools) {
  const r = results[t];
  const found = familiesOf(t);
  console.log(`| ${t} | ${r.wall.toFixed(2)} (${r.walls.map((w) => w.toFixed(2)).join(' / ')}) | ${Math.round(lines / r.wall).toLocaleString('en-US')} | ${((r.cpu * 1e6) / lines).toFixed(2)} | ${r.rssMb.toFixed(1)} | ${ratio('mtail', r)} | ${ratio('grep', r)} | ${found ? found.total.toLocaleString('en-US') : '-'} |`);
}

// What each tool found, so a fast tool that finds nothing cannot win.
if (expected) {
  const families = Object.keys(expected.byFamily).sort();
  const counted = tools.map((t) => [t, familiesOf(t)]).filter(([, f]) => f?.byFamily);
  console.log(`\n| family | generated | ${counted.map(([t]) => t).join(' | ')} |`);
  console.log(`|---|---:|${counted.map(() => '---:').join('|')}|`);
  for (const fam of families) console.log(`| ${fam} | ${expected.byFamily[fam]} | ${counted.map(([, f]) => f.byFamily[fam] ?? 0).join(' | ')} |`);
  const extra = new Set(counted.flatMap(([, f]) => Object.keys(f.byFamily)).filter((f) => !families.includes(f)));
  for (const fam of extra) console.log(`| ${fam} (not generated) | 0 | ${counted.map(([, f]) => f.byFamily[fam] ?? 0).join(' | ')} |`);
  console.log(`| **all** | ${expected.codeLines} | ${counted.map(([, f]) => f.total).join(' | ')} |`);
  for (const [t, f] of counted) {
    const recall = families.reduce((s, fam) => s + Math.min(f.byFamily[fam] ?? 0, expected.byFamily[fam]), 0) / expected.codeLines;
    if (recall < 1) console.log(`\n${t}: found ${(recall * 100).toFixed(1)}% of the generated code lines`);
  }
}
