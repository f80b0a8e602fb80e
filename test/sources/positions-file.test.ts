import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointWriter } from '../../src/sources/files/checkpoint-writer.js';
import { loadPositions, writePositions } from '../../src/sources/files/positions-file.js';
import type { PositionRecord } from '../../src/sources/files/positions-file.js';
import { RecordingStats, tempDir } from './test-helpers.js';

const rec = (offset: number): PositionRecord => ({
  dev: 2049, ino: 131, headBytes: 3, headSha256: 'a'.repeat(64), source: 'device', path: '/var/log/npu/a.log', offset, line: 4, skipping: false,
});

describe('positions file', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('pos')));
  afterEach(() => cleanup());

  it('round-trips records keyed by fingerprint, leaving no temp file behind', async () => {
    const file = join(dir, 'positions.json');
    await writePositions(file, { writtenAt: Date.parse('2025-01-02T03:04:05.000Z'), records: [rec(10)] });
    const json = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(json.files)).toEqual([`2049:131:${'a'.repeat(64)}`]);
    expect(loadPositions(file, () => undefined)).toEqual({ writtenAt: Date.parse('2025-01-02T03:04:05.000Z'), records: [rec(10)] });
    expect(readdirSync(dir)).toEqual(['positions.json']);
  });

  it('treats a missing file as a first run', () => {
    const warnings: string[] = [];
    expect(loadPositions(join(dir, 'none.json'), (w) => warnings.push(w))).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it.each([
    { name: 'not JSON', text: '{"version": 1, "files": {' },
    { name: 'wrong shape', text: '{"version": 1, "written_at": "2025-01-01T00:00:00.000Z", "files": {"x": {}}}' },
    { name: 'future version', text: '{"version": 9, "written_at": "2025-01-01T00:00:00.000Z", "files": {}}' },
  ])('moves a corrupt file ($name) aside with a warning and carries on', ({ text }) => {
    const file = join(dir, 'positions.json');
    writeFileSync(file, text);
    const warnings: string[] = [];
    expect(loadPositions(file, (w) => warnings.push(w), () => new Date('2025-06-07T08:09:10.123Z'))).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(join(dir, 'positions.json.corrupt-2025-06-07T08-09-10-123Z'), 'utf8')).toBe(text);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The positions file .* is corrupt \(.+\); it was moved to .*corrupt-2025-06-07T08-09-10-123Z and files start as on a first run\.$/);
  });
});

describe('CheckpointWriter', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('ckpt')));
  afterEach(() => cleanup());

  it('takes the snapshot before waiting for the sinks, so it never records lines the sinks have not passed on', async () => {
    const file = join(dir, 'positions.json');
    let offset = 10;
    let release: () => void = () => undefined;
    const stats = new RecordingStats();
    const w = new CheckpointWriter({
      file, intervalMs: 1000, stats, log: () => undefined, wallNow: () => 0,
      snapshot: () => [rec(offset)],
      barrier: () => new Promise<void>((r) => (release = r)),
    });
    const done = w.write();
    await Promise.resolve();
    offset = 99; // lines delivered while waiting for the barrier are not part of this checkpoint
    release();
    expect(await done).toBe(true);
    expect(loadPositions(file, () => undefined)?.records.map((r) => r.offset)).toEqual([10]);
    expect(stats.checkpoints).toEqual({ ok: 1, failed: 0 });
  });

  it('counts and logs a failed write once, and recovers when writing works again', async () => {
    const sub = join(dir, 'not-yet');
    const file = join(sub, 'positions.json');
    const stats = new RecordingStats();
    const logs: string[] = [];
    let offset = 1;
    const w = new CheckpointWriter({ file, intervalMs: 1000, stats, log: (s) => logs.push(s), snapshot: () => [rec(offset)] });
    expect([await w.write(), await w.write()]).toEqual([false, false]);
    expect(stats.checkpoints).toEqual({ ok: 0, failed: 2 });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^Writing the positions file .* failed \(.*\); the previous one is kept and the write is retried\.$/);
    mkdirSync(sub);
    offset = 3;
    expect(await w.stop()).toBe(true);
    expect(loadPositions(file, () => undefined)?.records[0].offset).toBe(3);
    expect(logs).toHaveLength(2);
  });
});
