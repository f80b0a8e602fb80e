#!/usr/bin/env node
// Tailing latency benchmark (not a test): writes LINES_PER_S lines/s spread over FILES files while three
// tailers follow the same files in the same run: `errcode-exporter run --events` (the latency probe),
// `errcode-exporter run` as deployed (metrics only, no per-event output) and mtail. Each line carries a
// vendor code and the writer's performance.now(); the probe's events are read back from its stdout in
// this process, so write->event latency is measured on one clock. CPU shares come from /proc/<pid>/stat
// over the measured window. Prints a Markdown table and writes bench/out/latency.json.
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'bench', 'out', 'latency');
const FILES = Number(process.env.FILES ?? 100);
const LINES_PER_S = Number(process.env.LINES_PER_S ?? 10_000);
const WARMUP_S = Number(process.env.WARMUP_S ?? 3);
const MEASURE_S = Number(process.env.MEASURE_S ?? 20);
/** Share of lines that carry a code (the others are noise the tailers must read and reject). */
const CODE_RATIO = Number(process.env.CODE_RATIO ?? 1);
const WITH_MTAIL = process.env.MTAIL !== '0';
/** DEPLOYED=0 leaves out the metrics-only exporter (with MTAIL=0: the probe alone, for latency without contention). */
const WITH_DEPLOYED = process.env.DEPLOYED !== '0';
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

// Each template is counted once by our rules and once by bench/errcode.mtail (checked with `scan` and `mtail --one_shot`).
const CODE_LINES = [
  (tag) => `[ERROR] ASCENDCL(24871,python3):2026-11-22-10:11:12.345.678 [op_api.cpp:188]24902 ${tag} NPU function error: call aclnnAddmm failed, error code is 161002`,
  (tag) => `2026-11-22 10:11:12,345 ERROR ${tag} decode.py:88 LLMException: [pull_cache] failed, error code is LLMStatusCode.LLM_WAIT_PROCESS_TIMEOUT`,
  (tag) => `2026-11-22T02:11:12.345Z WARN ${tag} ocr-client response 429 {"error_code":"APIGW.0308","error_msg":"The request is sent too fast."}`,
  (tag) => `2026-11-22 10:11:12.345 [SpeechSDK] ${tag} session a81f failed, errCode=12002`,
];
const NOISE_LINE = (tag) => `2026-11-22 10:11:12.345 INFO ${tag} worker heartbeat ok, queue depth 3, batch 17 done in 12.5 ms`;

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
}

/** Nanoseconds the main thread waited on a run queue (runnable, but another process had the CPU). */
function runQueueWaitSeconds(pid) {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  const logs = join(OUT, 'logs');
  const progs = join(OUT, 'progs');
  mkdirSync(logs, { recursive: true });
  mkdirSync(progs, { recursive: true });
  copyFileSync(join(ROOT, 'bench', 'errcode.mtail'), join(progs, 'errcode.mtail'));
  const paths = Array.from({ length: FILES }, (_, i) => join(logs, `plog-${10_000 + i}_20261122.log`));
  for (const p of paths) writeFileSync(p, '');

  const nodeArgs = process.env.NODE_ARGS ? process.env.NODE_ARGS.split(' ') : [];
  const runArgs = (...more) => [...nodeArgs, join(ROOT, 'dist', 'cli', 'main.js'), 'run', '--watch', join(logs, '*.log'), '--name', 'bench', '--web.listen-address', '127.0.0.1:0', ...more];
  const exporter = spawn(process.execPath, runArgs('--events'), { stdio: ['ignore', 'pipe', 'pipe'] });
  // The CPU-only tailers run niced (nice execs them: same pid): they still read every line, and their CPU
  // time per line is the same, but their bursts (mtail wakes every 250 ms to read what piled up) do not
  // push the latency probe off the 2 cores.
  const deployed = WITH_DEPLOYED ? spawn('nice', ['-n', '10', process.execPath, ...runArgs()], { stdio: ['ignore', 'ignore', 'pipe'] }) : undefined;
  let stderr = '';
  let deployedStderr = WITH_DEPLOYED ? '' : 'Running with (not started)';
  exporter.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  deployed?.stderr.setEncoding('utf8').on('data', (s) => (deployedStderr += s));
  const mtail = WITH_MTAIL
    ? spawn('nice', ['-n', '10', 'mtail', '--progs', progs, '--logs', join(logs, '*.log'), '--port', '0', '--logtostderr'], { stdio: ['ignore', 'ignore', 'pipe'] })
    : undefined;
  mtail?.stderr.resume();

  let measuring = false;
  const latencies = [];
  /** [write time since t0, latency] per event, with SERIES=1, to see when slow events happen. */
  const series = [];
  let t0 = 0;
  let events = 0;
  let tail = '';
  exporter.stdout.setEncoding('utf8').on('data', (chunk) => {
    const now = performance.now();
    const text = tail + chunk;
    const end = text.lastIndexOf('\n');
    tail = text.slice(end + 1);
    for (const m of text.slice(0, end).matchAll(/\blat=(\d+\.\d+)/g)) {
      events++;
      if (measuring) {
        latencies.push(now - Number(m[1]));
        if (process.env.SERIES) series.push([Number(m[1]) - t0, now - Number(m[1])]);
      }
    }
  });

  const deadline = Date.now() + 15_000;
  while (!/Running with/.test(stderr) || !/Running with/.test(deployedStderr)) {
    if (Date.now() > deadline) throw new Error(`errcode-exporter did not start: ${stderr}${deployedStderr}`);
    await sleep(20);
  }
  await sleep(1000); // let mtail find the files too

  // The probe's own event-loop lag: a stall here would delay reading events and look like tailer latency.
  let probeLag = 0;
  let lastTick = performance.now();
  const lagTimer = setInterval(() => {
    const now = performance.now();
    probeLag = Math.max(probeLag, now - lastTick - 5);
    lastTick = now;
  }, 5);
  const fds = paths.map((p) => openSync(p, 'a'));
  const codeEvery = Math.max(1, Math.round(1 / CODE_RATIO));
  let written = 0;
  let codeLines = 0;
  t0 = performance.now();
  const totalS = WARMUP_S + MEASURE_S;
  let window;
  for (;;) {
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed >= totalS) break;
    if (!measuring && elapsed >= WARMUP_S) {
      measuring = true;
      window = { t: performance.now(), written, exporterCpu: cpuSeconds(exporter.pid), deployedCpu: deployed ? cpuSeconds(deployed.pid) : 0, mtailCpu: mtail ? cpuSeconds(mtail.pid) : 0, probeWait: runQueueWaitSeconds(exporter.pid) };
    }
    const due = Math.floor(elapsed * LINES_PER_S);
    for (; written < due; written++) {
      const isCode = written % codeEvery === 0;
      const tag = `seq=${written} lat=${performance.now().toFixed(3)}`;
      const line = isCode ? CODE_LINES[written % CODE_LINES.length](tag) : NOISE_LINE(tag);
      if (isCode) codeLines++;
      writeSync(fds[written % FILES], `${line}\n`);
    }
    await sleep(1);
  }
  clearInterval(lagTimer);
  const wall = (performance.now() - window.t) / 1000;
  const exporterCpu = cpuSeconds(exporter.pid) - window.exporterCpu;
  const deployedCpu = deployed ? cpuSeconds(deployed.pid) - window.deployedCpu : NaN;
  const probeWait = runQueueWaitSeconds(exporter.pid) - window.probeWait;
  const mtailCpu = mtail ? cpuSeconds(mtail.pid) - window.mtailCpu : NaN;
  const linesMeasured = written - window.written;
  for (const fd of fds) closeSync(fd);
  const drainDeadline = Date.now() + 10_000;
  while (events < codeLines && Date.now() < drainDeadline) await sleep(20);
  exporter.kill('SIGTERM');
  deployed?.kill('SIGTERM');
  mtail?.kill('SIGTERM');
  await Promise.all([exporter, deployed].filter(Boolean).map((p) => new Promise((resolve) => p.on('exit', resolve))));

  latencies.sort((a, b) => a - b);
  const result = {
    date: new Date().toISOString(),
    files: FILES, linesPerSecond: LINES_PER_S, codeRatio: CODE_RATIO, measuredSeconds: Number(wall.toFixed(2)),
    linesWritten: written, codeLines, events,
    latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies.at(-1) },
    probeEventLoopLagMaxMs: probeLag,
    /** Share of the measured time the latency probe's main thread was runnable but waiting for a CPU. */
    probeRunQueueWaitShare: probeWait / wall,
    cpuShare: { errcodeExporterEvents: exporterCpu / wall, errcodeExporter: deployedCpu / wall, mtail: mtailCpu / wall },
    cpuMicrosPerLine: { errcodeExporterEvents: (exporterCpu / linesMeasured) * 1e6, errcodeExporter: (deployedCpu / linesMeasured) * 1e6, mtail: (mtailCpu / linesMeasured) * 1e6 },
    tailers: { probe: true, deployed: WITH_DEPLOYED, mtail: WITH_MTAIL },
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg: loadavg() },
  };
  writeFileSync(join(ROOT, 'bench', 'out', 'latency.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (process.env.SERIES) writeFileSync(join(OUT, 'series.json'), JSON.stringify(series));
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  console.log(`${FILES} files, ${LINES_PER_S} lines/s (${CODE_RATIO * 100}% with a code), ${f(wall)} s measured after ${WARMUP_S} s warm-up`);
  console.log(`events: ${events} of ${codeLines} code lines written${events === codeLines ? '' : '  <-- MISMATCH'}`);
  console.log('');
  console.log('| tailer | p50 ms | p90 ms | p99 ms | max ms | CPU (share of one core) | CPU µs / line |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(`| \`errcode-exporter run --events\` (latency probe) | ${f(result.latencyMs.p50)} | ${f(result.latencyMs.p90)} | ${f(result.latencyMs.p99)} | ${f(result.latencyMs.max)} | ${f(result.cpuShare.errcodeExporterEvents * 100)}% | ${f(result.cpuMicrosPerLine.errcodeExporterEvents)} |`);
  if (deployed) console.log(`| \`errcode-exporter run\` (metrics only, as deployed) | - | - | - | - | ${f(result.cpuShare.errcodeExporter * 100)}% | ${f(result.cpuMicrosPerLine.errcodeExporter)} |`);
  if (mtail) console.log(`| \`mtail\` (same files, same run) | n/a | n/a | n/a | n/a | ${f(result.cpuShare.mtail * 100)}% | ${f(result.cpuMicrosPerLine.mtail)} |`);
  console.log(`\nthe probe waited for a CPU ${f((probeWait / wall) * 100)}% of the time; this process's longest stall ${f(probeLag)} ms; load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
