// Runs test/hostile/support/time-lines.mjs in a child process with a hard timeout, and reads back per line
// its codes, its cost in µs (for reports only) and how many searches V8 handed to its linear-time engine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, 'time-lines.mjs');

/** Far above what any line here costs (milliseconds); only a line that backtracks without bound reaches it. */
export const GUARD_MS = 20_000;
/**
 * A job of many lines gets this much more per line: 2,521 crafted 64 KiB lines cost ~9 ms each, 22-29 s in all on
 * a slow day of the 2-core machine, and a guard of 20 s for the whole job killed it half-way with no line at fault.
 * A line that backtracks without bound still reaches the guard; a slow one is caught by LINE_LIMIT_MS.
 */
export const GUARD_MS_PER_LINE = 100;
/** What one line may cost before a test calls it a hang that ended (~500x what a crafted line costs). */
export const LINE_LIMIT_MS = 5_000;

/** The child's hard timeout for `job`. */
export function guardFor(job: LineJob): number {
  return Math.max(GUARD_MS, GUARD_MS_PER_LINE * job.groups.reduce((n, g) => n + g.lines.length, 0));
}

export interface TimedLine {
  readonly group: string;
  readonly line: string;
  readonly length: number;
  readonly codes: readonly string[];
  readonly micros: number;
  /** Searches finished by the linear-time engine, over all repeats. */
  readonly fallbacks: number;
}

export interface LineJob {
  readonly catalogDir: string;
  readonly repeats: number;
  readonly groups: readonly { readonly name: string; readonly ruleFiles: readonly string[]; readonly lines: readonly { readonly name: string; readonly text: string }[] }[];
}

export interface LineTimerRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly lines: readonly TimedLine[];
  /** The line that was running when the child ended without its result (a timeout), if any. */
  readonly unfinished?: string;
}

/** Runs the job under `node --trace-experimental-regexp-engine`, killed after guardFor(job). */
export function timeLines(job: LineJob): LineTimerRun {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-lines-'));
  const jobFile = join(dir, 'job.json');
  writeFileSync(jobFile, JSON.stringify(job));
  const r = spawnSync(process.execPath, ['--trace-experimental-regexp-engine', SCRIPT, jobFile], {
    encoding: 'utf8',
    timeout: guardFor(job),
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines: TimedLine[] = [];
  let fallbacks = 0;
  let running: string | undefined;
  // V8's trace goes through C stdio, which flushes on its own schedule: a trace line may be cut and the rest
  // of our own line appended to its first half. So markers are found anywhere in a line, not only at its start.
  for (const text of (r.stdout ?? '').split('\n')) {
    const marker = text.indexOf('LINE ');
    const result = text.indexOf('{"group":');
    if (marker >= 0 && result < 0) {
      fallbacks = 0;
      running = text.slice(marker + 'LINE '.length);
    } else if (text.includes('Experimental execution')) {
      fallbacks++;
    } else if (result >= 0) {
      lines.push({ ...(JSON.parse(text.slice(result)) as Omit<TimedLine, 'fallbacks'>), fallbacks });
      running = undefined;
    }
  }
  return { status: r.status, signal: r.signal, stderr: r.stderr ?? '', lines, ...(running !== undefined && { unfinished: running }) };
}
