// The exec source against real child processes: lines of a command's stdout, restarts with a doubling delay
// on a hand-driven clock (so the delays are exact, not timed), stderr in the log, stop() ending a command.
import { afterEach, describe, expect, it } from 'vitest';
import type { ComponentContext } from '../../src/pipeline/components.js';
import { noSinkStats } from '../../src/pipeline/sink-stats.js';
import { execSourceType } from '../../src/sources/exec/exec-source.js';
import type { ExecSourceConfig , ExecSource} from '../../src/sources/exec/exec-source.js';
import type { LogLine } from '../../src/types.js';
import { ManualClock } from './manual-clock.js';
import { RecordingStats, waitFor } from './test-helpers.js';

interface Harness {
  readonly source: ExecSource;
  readonly lines: LogLine[];
  readonly logs: string[];
  readonly stats: RecordingStats;
  readonly clock: ManualClock;
  completed: boolean;
}

const running: ExecSource[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function startExec(config: Omit<ExecSourceConfig, 'type' | 'name'>): Promise<Harness> {
  const clock = new ManualClock();
  const stats = new RecordingStats();
  const logs: string[] = [];
  const ctx: ComponentContext = { stats, sinkStats: noSinkStats, log: (s) => logs.push(s), clock };
  const parsed = execSourceType.schema.parse({ type: 'exec', name: 'journal', ...config });
  const source = execSourceType.create(parsed, ctx) as ExecSource;
  running.push(source);
  const h: Harness = { source, lines: [], logs, stats, clock, completed: false };
  source.lines$.subscribe({ next: (l) => h.lines.push(l), complete: () => (h.completed = true) });
  await source.start();
  return h;
}

describe('exec source', () => {
  it('delivers the lines of the command\'s stdout under its name, counted as read', async () => {
    const h = await startExec({ command: ['sh', '-c', 'printf "one\\ntwo\\nthree"'] });
    await waitFor('three lines', () => h.lines.length === 3, { state: () => h.lines });
    expect(h.lines.map((l) => [l.source, l.lineNo, l.text])).toEqual([
      ['journal', 1, 'one'],
      ['journal', 2, 'two'],
      ['journal', 3, 'three'],
    ]);
    expect(h.lines[0]?.path).toBe('sh -c "printf \\"one\\\\ntwo\\\\nthree\\""');
    expect(h.stats.lines.get('journal')).toBe(3);
    expect(h.source.describe()).toEqual({ name: 'journal', kind: 'exec', include: [h.lines[0]?.path] });
  });

  it('starts an exited command again after 1x, 2x, 4x the delay, capped, with its last stderr line in the log', async () => {
    const h = await startExec({ command: ['sh', '-c', 'echo started; echo "disk on fire" >&2; exit 3'], restart_delay: 100, max_restart_delay: 300 });
    const delays: number[] = [];
    for (let run = 1; run <= 4; run++) {
      await waitFor(`exit ${run} logged`, () => h.logs.length === run, { state: () => h.logs });
      const m = /started again in (\d+) ms/.exec(h.logs[run - 1] ?? '');
      delays.push(Number(m?.[1]));
      expect(h.source.starts).toBe(run);
      // One millisecond short of the delay: not started again yet.
      h.clock.advance(delays[run - 1] - 1);
      expect(h.source.starts).toBe(run);
      h.clock.advance(1);
      expect(h.source.starts).toBe(run + 1);
    }
    expect(delays).toEqual([100, 200, 300, 300]);
    expect(h.logs[0]).toBe('The command of source journal (sh -c "echo started; echo \\"disk on fire\\" >&2; exit 3") exited with status 3; it is started again in 100 ms. Its last error output: "disk on fire".');
    await waitFor('a line from each run', () => h.lines.length >= 4, { state: () => h.lines });
    expect(h.lines.slice(0, 4).map((l) => `${l.lineNo}:${l.text}`)).toEqual(['1:started', '1:started', '1:started', '1:started']);
  });

  it('goes back to the first delay after a run longer than the longest delay', async () => {
    const h = await startExec({ command: ['sh', '-c', 'exit 1'], restart_delay: 10, max_restart_delay: 40 });
    await waitFor('first exit', () => h.logs.length === 1);
    h.clock.advance(10);
    await waitFor('second exit', () => h.logs.length === 2);
    expect(h.logs[1]).toMatch(/started again in 20 ms/);
    h.clock.advance(20);
    // The third run "lasts" 41 ms on the source's clock before it ends.
    h.clock.advance(41);
    await waitFor('third exit', () => h.logs.length === 3);
    expect(h.logs[2]).toMatch(/started again in 10 ms/);
  });

  it('logs a command that cannot be run and keeps trying', async () => {
    const h = await startExec({ command: ['/nonexistent/errcode-test-command', '-f'], restart_delay: 50 });
    await waitFor('the failure logged', () => h.logs.length === 1, { state: () => h.logs });
    expect(h.logs[0]).toMatch(/^The command of source journal \(\/nonexistent\/errcode-test-command -f\) could not be run \(spawn \/nonexistent\/errcode-test-command ENOENT\); it is started again in 50 ms\.$/);
    h.clock.advance(50);
    await waitFor('the second failure logged', () => h.logs.length === 2, { state: () => h.logs });
    expect(h.logs[1]).toMatch(/started again in 100 ms/);
  });

  it('stop() ends a running command, completes its lines and starts nothing again', async () => {
    const h = await startExec({ command: ['sh', '-c', 'echo ready; exec sleep 600'], restart_delay: 10 });
    await waitFor('ready', () => h.lines.length === 1);
    expect(h.stats.watched.get('journal')).toBe(1);
    await h.source.stop();
    expect(h.completed).toBe(true);
    expect(h.stats.watched.get('journal')).toBe(0);
    h.clock.advance(1_000);
    expect(h.source.starts).toBe(1);
    expect(h.logs).toEqual([]);
  });

  it('refuses a config with an empty command or an unknown key', () => {
    const r = execSourceType.schema.safeParse({ type: 'exec', name: 'journal', command: [], restart: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['too_small', 'command'],
      ['unrecognized_keys', ''],
    ]);
  });
});
