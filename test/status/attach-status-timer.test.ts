// The status page reads the sources' positions on its own timer, never from the hot path: linesRead only
// updates a map, and a look happens once the inputs are open, then once per interval, until close().
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/config/load-run-config.js';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import type { RunContext } from '../../src/run/run-context.js';
import { attachStatus } from '../../src/status/attach-status.js';
import { ManualClock } from '../sources/manual-clock.js';
import { bundledKnowledge } from './status-fixtures.js';

describe('attachStatus', () => {
  it('looks at positions when inputs are ready and then once a second, not per line, and stops on close', async () => {
    let looks = 0;
    let ready: () => void = () => undefined;
    const config: RunConfig = {
      inputs: [], stdin: true, positionsFile: undefined, checkpointIntervalMs: 5000, rescanIntervalMs: 10000, rotateWaitMs: 5000,
      rulesDir: DEFAULT_RULES_DIR, catalogDir: DEFAULT_CATALOG_DIR, web: {}, metrics: {},
    };
    const ctx: RunContext = {
      config, sources: ['stdin'], version: '7.7.7', knowledge: bundledKnowledge, log: () => undefined,
      positions: () => (looks++, []),
      inputsReady: new Promise<void>((r) => (ready = r)),
    };
    const clock = new ManualClock();
    const status = attachStatus(ctx, { samples: true, clock });
    for (let i = 0; i < 10_000; i++) status.recorder.linesRead('stdin', 1, 10);
    expect(looks).toBe(0);
    ready();
    await ctx.inputsReady;
    await Promise.resolve();
    expect(looks).toBe(1);
    clock.advance(2_999);
    expect(looks).toBe(3);
    status.close();
    clock.advance(10_000);
    expect(looks).toBe(3);
  });
});
