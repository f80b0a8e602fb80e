// `run` in-process on a hand-driven clock: lines of a tailed file reach an attached sink through the real
// topology, and the positions file is written exactly when the clock passes the checkpoint interval (never
// before), with the injected wall time; stop() writes the final one. No CLI is spawned and nothing sleeps.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadRunConfig } from '../../src/config/load-run-config.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { startRun } from '../../src/run/start-run.js';
import type { CodeEvent } from '../../src/types.js';
import { ManualClock } from '../sources/manual-clock.js';
import { waitFor } from '../sources/test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'errcode-run-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run in-process with an injected clock', () => {
  it('delivers the lines and checkpoints when the clock says so', async () => {
    const log = join(dir, 'app.log');
    writeFileSync(log, 'call aclnnAdd failed, error code is 161002\nnothing\ncall aclnnMul failed, error code is 161001\n');
    const positions = join(dir, 'positions.json');
    const config = loadRunConfig(
      { watch: [join(dir, '*.log')], name: 'app', stdin: false, fromBeginning: true, poll: false, positions, checkpointIntervalMs: 5_000 },
      { rulesDir: DEFAULT_RULES_DIR, catalogDir: DEFAULT_CATALOG_DIR },
    );
    const clock = new ManualClock();
    const events: CodeEvent[] = [];
    const exporter = await startRun({
      config,
      knowledge: loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR }),
      extensions: [() => ({ onEvent: (e) => events.push(e) })],
      version: '0.0.0-test',
      log: () => undefined,
      watch: false,
      clock,
      wallNow: () => Date.UTC(2026, 0, 2, 3, 4, 5),
    });
    try {
      await waitFor('both code lines', () => events.length === 2, { state: () => events });
      expect(events.map((e) => `${e.source}:${e.lineNo}:${e.code}`)).toEqual(['app:1:161002', 'app:3:161001']);
      clock.advance(4_999);
      await new Promise((r) => setImmediate(r));
      expect(existsSync(positions)).toBe(false);
      clock.advance(1);
      await waitFor('the checkpoint', () => existsSync(positions));
      const saved = JSON.parse(readFileSync(positions, 'utf8')) as { written_at: string; files: Record<string, { path: string; offset: number; line: number }> };
      expect(saved.written_at).toBe('2026-01-02T03:04:05.000Z');
      expect(Object.values(saved.files).map((f) => [f.path, f.offset, f.line])).toEqual([[log, statSync(log).size, 3]]);
    } finally {
      await exporter.stop();
    }
  });
});
