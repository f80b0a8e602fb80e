#!/usr/bin/env node
// Soak benchmark (not a test): runs the real exporter (`run` with its metrics server, as deployed) for a
// sustained period at a steady line rate over many files, renames files away every few seconds (logrotate's
// rename-and-create), rewrites a rule file now and then (hot reload), and scrapes /metrics every second.
// Reports over time the exporter's RSS and open descriptors (from /proc/<pid>), its V8 heap in use (from
// its own metrics), CPU, and whether every line with a code was counted exactly once. Ends with a verdict:
// no growth beyond the stated tolerance after warm-up, no descriptor leak, exact counts. Exit 1 if not.
//
//   node bench/soak/run-soak.mjs                       # 3 minutes, 2,000 lines/s over 20 files
//   node bench/soak/run-soak.mjs --duration 4h --report-every 10m
//   node bench/soak/run-soak.mjs --rate 5000 --files 100 --rotate-every 2s --reload-every 1m
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { get } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'bench', 'out', 'soak');
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '3m' },
    warmup: { type: 'string' },
    rate: { type: 'string', default: '2000' },
    files: { type: 'string', default: '20' },
    'code-ratio': { type: 'string', default: '0.9' },
    'rotate-every': { type: 'string', default: '3s' },
    'rotate-batch': { type: 'string', default: '5' },
    'reload-every': { type: 'string', default: '30s' },
    'scrape-every': { type: 'string', default: '1s' },
    'report-every': { type: 'string' },
    'rss-tolerance': { type: 'string', default: '15' },
    'heap-tolerance': { type: 'string', default: '25' },
  },
});

function ms(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text} (use 500ms, 30s, 3m, 4h)`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2]];
}

const DURATION_MS = ms(args.duration);
const WARMUP_MS = args.warmup ? ms(args.warmup) : Math.min(60_000, Math.max(20_000, DURATION_MS / 6));
const RATE = Number(args.rate);
const FILES = Number(args.files);
const CODE_RATIO = Number(args['code-ratio']);
const ROTATE_EVERY_MS = ms(args['rotate-every']);
const ROTATE_BATCH = Math.min(FILES, Number(args['rotate-batch']));
const RELOAD_EVERY_MS = args['reload-every'] === '0' ? 0 : ms(args['reload-every']);
const SCRAPE_EVERY_MS = ms(args['scrape-every']);
const REPORT_EVERY_MS = args['report-every'] ? ms(args['report-every']) : Math.max(10_000, Math.round(DURATION_MS / 12 / 1000) * 1000);
/** Allowed growth from the first reporting window after warm-up to the last one: percent, with an absolute floor. */
const RSS_TOLERANCE = { percent: Number(args['rss-tolerance']), floorMb: 10 };
const HEAP_TOLERANCE = { percent: Number(args['heap-tolerance']), floorMb: 8 };
const ROTATE_WAIT_MS = 2_000;

// Each template yields exactly one event with the bundled rules (the latency benchmark checks the same four).
const CODE_LINES = [
  (n) => `[ERROR] ASCENDCL(24871,python3):2026-11-22-10:11:12.345.678 [op_api.cpp:188]24902 n=${n} NPU function error: call aclnnAddmm failed, error code is 161002`,
  (n) => `2026-11-22 10:11:12,345 ERROR n=${n} decode.py:88 LLMException: [pull_cache] failed, error code is LLMStatusCode.LLM_WAIT_PROCESS_TIMEOUT`,
  (n) => `2026-11-22T02:11:12.345Z WARN n=${n} ocr-client response 429 {"error_code":"APIGW.0308","error_msg":"The request is sent too fast."}`,
  (n) => `2026-11-22 10:11:12.345 [SpeechSDK] n=${n} session a81f failed, errCode=12002`,
];
const NOISE_LINE = (n) => `2026-11-22 10:11:12.345 INFO n=${n} worker heartbeat ok, queue depth 3, batch 17 done in 12.5 ms`;

function scrape(url) {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c) => (body += c)).on('end', () => resolve(body));
    });
    req.on('error', reject).on('timeout', () => req.destroy(new Error('scrape timed out')));
  });
}

/** Sums of the samples of a few metric families, from the exposition text. */
function readMetrics(text) {
  const sums = { events: 0, linesRead: 0, heapUsed: NaN, rssSelf: NaN, rename: 0, rulesReloads: 0, eventLoopP99: NaN, filesWatched: 0 };
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('errcode_events_total{')) sums.events += value;
    else if (line.startsWith('errcode_lines_read_total{')) sums.linesRead += value;
    else if (line.startsWith('nodejs_heap_size_used_bytes ')) sums.heapUsed = value;
    else if (line.startsWith('process_resident_memory_bytes ')) sums.rssSelf = value;
    else if (line.startsWith('errcode_rotations_total{') && line.includes('kind="rename"')) sums.rename += value;
    else if (line.startsWith('errcode_config_loads_total{') && line.includes('kind="rules"') && line.includes('result="success"')) sums.rulesReloads += value - 1;
    else if (line.startsWith('nodejs_eventloop_lag_p99_seconds ')) sums.eventLoopP99 = value;
    else if (line.startsWith('errcode_files_watched{')) sums.filesWatched += value;
  }
  return sums;
}

const proc = {
  rssBytes: (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024,
  fds: (pid) => readdirSync(`/proc/${pid}/fd`).length,
  cpuSeconds: (pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
};
const mb = (bytes) => (bytes / 1048576).toFixed(1);
const clock = (t) => `${String(Math.floor(t / 3_600_000)).padStart(2, '0')}:${String(Math.floor(t / 60_000) % 60).padStart(2, '0')}:${String(Math.floor(t / 1000) % 60).padStart(2, '0')}`;

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  const logs = join(OUT, 'logs');
  const rules = join(OUT, 'rules');
  mkdirSync(logs, { recursive: true });
  mkdirSync(rules, { recursive: true });
  for (const name of readdirSync(join(ROOT, 'rules'))) if (name.endsWith('.yaml')) copyFileSync(join(ROOT, 'rules', name), join(rules, name));
  const ruleFile = join(rules, 'speech-sdk.yaml');
  const ruleText = readFileSync(ruleFile, 'utf8');
  const config = join(OUT, 'config.yaml');
  writeFileSync(config, [
    'inputs:', `  - {name: soak, include: ["${join(logs, '*.log')}"]}`,
    `rules: ${rules}`, `positions: ${join(OUT, 'positions.json')}`, `rotate_wait: ${ROTATE_WAIT_MS}ms`, '',
  ].join('\n'));
  const paths = Array.from({ length: FILES }, (_, i) => join(logs, `plog-${10_000 + i}.log`));
  const fds = paths.map((p) => openSync(p, 'a'));

  const exporter = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'run', '--config', config, '--web.listen-address', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  exporter.stderr.setEncoding('utf8').on('data', (s) => (stderr = (stderr + s).slice(-20_000)));
  const pid = exporter.pid;
  for (let i = 0; !/Running with/.test(stderr); i++) {
    if (i > 600 || exporter.exitCode !== null) throw new Error(`the exporter did not start:\n${stderr}`);
    await sleep(50);
  }
  const url = `${/Serving metrics on (\S+)\/metrics/.exec(stderr)[1]}/metrics`;
  const fdStart = proc.fds(pid);
  const load = { before: loadavg()[0] };
  console.log(`Soak: ${args.duration} (warm-up ${WARMUP_MS / 1000} s), ${RATE} lines/s over ${FILES} files (${Math.round(CODE_RATIO * 100)}% with a code), ` +
    `${ROTATE_BATCH} files renamed away every ${ROTATE_EVERY_MS / 1000} s, a rule file rewritten every ${RELOAD_EVERY_MS ? `${RELOAD_EVERY_MS / 1000} s` : 'never'}, ` +
    `/metrics scraped every ${SCRAPE_EVERY_MS / 1000} s; exporter pid ${pid}, ${fdStart} descriptors at start; load average ${load.before.toFixed(2)} on ${cpus().length} cores.`);

  // Writer: lines due = rate x elapsed, written in 10 ms ticks (it catches up when a tick is late).
  const t0 = performance.now();
  let written = 0;
  let codeLines = 0;
  let rotations = 0;
  let reloads = 0;
  let nextFile = 0;
  let rotateNext = 0;
  const writeTick = () => {
    const due = Math.floor((RATE * (performance.now() - t0)) / 1000);
    while (written < due) {
      const n = written++;
      const withCode = (n % 100) < CODE_RATIO * 100;
      const line = withCode ? CODE_LINES[n % CODE_LINES.length](n) : NOISE_LINE(n);
      if (withCode) codeLines++;
      writeSync(fds[nextFile], `${line}\n`);
      nextFile = (nextFile + 1) % FILES;
    }
  };
  const rotate = () => {
    for (let k = 0; k < ROTATE_BATCH; k++) {
      const i = rotateNext;
      rotateNext = (rotateNext + 1) % FILES;
      // Like logrotate's rename-and-create with a writer that reopens a moment later: lines written in
      // between go to the renamed file, which the exporter must drain before letting it go.
      renameSync(paths[i], `${paths[i]}.1`);
      rotations++;
      setTimeout(() => {
        const old = fds[i];
        fds[i] = openSync(paths[i], 'a');
        closeSync(old);
      }, 100);
    }
  };
  const reload = () => {
    reloads++;
    writeFileSync(`${ruleFile}.tmp`, `${ruleText}\n# soak revision ${reloads}\n`);
    renameSync(`${ruleFile}.tmp`, ruleFile);
  };
  const writer = setInterval(writeTick, 10);
  const rotator = setInterval(rotate, ROTATE_EVERY_MS);
  const reloader = RELOAD_EVERY_MS ? setInterval(reload, RELOAD_EVERY_MS) : undefined;

  const samples = [];
  let overCounted = 0;
  let scrapeFailures = 0;
  let lastCpu = { at: performance.now(), cpu: proc.cpuSeconds(pid) };
  const rows = [];
  let windowStart = 0;
  const report = (t, final = false) => {
    const win = samples.filter((s) => s.t > windowStart && s.t <= t);
    const warm = windowStart >= WARMUP_MS; // the whole window is after the warm-up
    windowStart = t;
    if (win.length === 0) return;
    const last = win[win.length - 1];
    const cpuNow = proc.cpuSeconds(pid);
    const cpuShare = (cpuNow - lastCpu.cpu) / ((performance.now() - lastCpu.at) / 1000);
    lastCpu = { at: performance.now(), cpu: cpuNow };
    rows.push({
      t, final, warm, written: last.codeLines, counted: last.events, behind: last.codeLines - last.events,
      rss: median(win.map((s) => s.rss)), heap: median(win.map((s) => s.heap)),
      fdMin: Math.min(...win.map((s) => s.fds)), fdMax: Math.max(...win.map((s) => s.fds)),
      cpu: cpuShare, lagP99: median(win.map((s) => s.lagP99)), rotations: last.rotations, renamesSeen: last.renamesSeen, reloads: last.reloadsSeen,
    });
    const r = rows[rows.length - 1];
    console.log(`${clock(t)}  written ${r.written}  counted ${r.counted}  behind ${r.behind}  RSS ${mb(r.rss)} MB  heap ${mb(r.heap)} MB  fds ${r.fdMin}-${r.fdMax}  CPU ${(r.cpu * 100).toFixed(1)}%`);
  };

  let nextReport = REPORT_EVERY_MS;
  for (let next = SCRAPE_EVERY_MS; next <= DURATION_MS; next += SCRAPE_EVERY_MS) {
    await sleep(Math.max(0, next - (performance.now() - t0)));
    const t = performance.now() - t0;
    try {
      const m = readMetrics(await scrape(url));
      // Written by the time the answer arrived: the count cannot be higher (and `behind` is an upper bound).
      if (m.events > codeLines) overCounted = Math.max(overCounted, m.events - codeLines);
      samples.push({ t, codeLines, events: m.events, rss: proc.rssBytes(pid), heap: m.heapUsed, fds: proc.fds(pid), lagP99: m.eventLoopP99, rotations, renamesSeen: m.rename, reloadsSeen: m.rulesReloads });
    } catch (err) {
      scrapeFailures++;
      console.log(`${clock(t)}  scrape failed: ${err.message}`);
    }
    if (t >= nextReport) {
      report(t);
      nextReport += REPORT_EVERY_MS;
    }
  }
  clearInterval(writer);
  clearInterval(rotator);
  if (reloader) clearInterval(reloader);
  writeTick();
  const stoppedAt = performance.now() - t0;

  // Drain: every line written must be counted, once; then rotated-away files must be let go.
  let final = readMetrics(await scrape(url));
  const drainDeadline = performance.now() + 60_000;
  while (final.events < codeLines && performance.now() < drainDeadline) {
    await sleep(200);
    final = readMetrics(await scrape(url));
  }
  await sleep(ROTATE_WAIT_MS + 2_500);
  final = readMetrics(await scrape(url));
  for (const fd of fds) closeSync(fd);
  await sleep(500); // the last scrape's connection is closed
  const fdEnd = proc.fds(pid);
  samples.push({ t: performance.now() - t0, codeLines, events: final.events, rss: proc.rssBytes(pid), heap: final.heapUsed, fds: fdEnd, lagP99: final.eventLoopP99, rotations, renamesSeen: final.rename, reloadsSeen: final.rulesReloads });
  report(performance.now() - t0, true);
  load.after = loadavg()[0];
  exporter.kill('SIGTERM');
  await new Promise((r) => exporter.once('exit', r));

  // Verdict.
  const warm = rows.filter((r) => r.warm && !r.final);
  const first = warm[0];
  const lastWarm = warm[warm.length - 1];
  const grew = (a, b, tol) => b - a > Math.max((a * tol.percent) / 100, tol.floorMb * 1048576);
  const checks = [
    ['exact counts', final.events === codeLines && overCounted === 0, `${codeLines} lines with a code written, ${final.events} counted; never more counted than written${overCounted ? ` (FAILED: up to ${overCounted} over)` : ''}`],
    ['no RSS growth', first !== undefined && !grew(first.rss, lastWarm.rss, RSS_TOLERANCE), first ? `${mb(first.rss)} -> ${mb(lastWarm.rss)} MB (first to last window after warm-up; tolerance ${RSS_TOLERANCE.percent}% or ${RSS_TOLERANCE.floorMb} MB)` : 'no window after warm-up'],
    ['no heap growth', first !== undefined && !grew(first.heap, lastWarm.heap, HEAP_TOLERANCE), first ? `${mb(first.heap)} -> ${mb(lastWarm.heap)} MB (tolerance ${HEAP_TOLERANCE.percent}% or ${HEAP_TOLERANCE.floorMb} MB)` : 'no window after warm-up'],
    ['no descriptor leak', fdEnd === fdStart && (first === undefined || lastWarm.fdMax <= first.fdMax + 2), `${fdStart} at start, ${fdEnd} after the writer stopped and rotated files were let go; peak ${first?.fdMax ?? '?'} in the first window after warm-up, ${lastWarm?.fdMax ?? '?'} in the last`],
    ['rotations seen', final.rename === rotations, `${rotations} renames done, ${final.rename} counted as errcode_rotations_total{kind="rename"}`],
    ['reloads applied', final.rulesReloads === reloads, `${reloads} rule rewrites, ${final.rulesReloads} successful rules reloads`],
    ['scrapes answered', scrapeFailures === 0, `${samples.length - 1} scrapes, ${scrapeFailures} failed`],
  ];

  console.log('\n| time | lines with a code written | counted | behind | RSS MB | heap used MB | open fds (min-max) | CPU, one core | event loop p99 ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.final ? `${clock(r.t)} (drained)` : clock(r.t)}${r.warm ? '' : ' (warm-up)'} | ${r.written} | ${r.counted} | ${r.behind} | ${mb(r.rss)} | ${mb(r.heap)} | ${r.fdMin}-${r.fdMax} | ${(r.cpu * 100).toFixed(1)}% | ${(r.lagP99 * 1000).toFixed(1)} |`);
  }
  console.log(`\nLoad average ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after (${cpus().length} cores). Writer stopped at ${clock(stoppedAt)}.`);
  for (const [name, ok, detail] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
  const pass = checks.every(([, ok]) => ok);
  console.log(`\nVerdict: ${pass ? 'PASS' : 'FAIL'}`);
  writeFileSync(join(OUT, 'result.json'), JSON.stringify({ args, fdStart, fdEnd, written, codeLines, rotations, reloads, load, rows, checks, pass }, null, 2));
  process.exitCode = pass ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
