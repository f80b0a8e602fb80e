// Checkpoints acknowledged per input: with the --events sink stalled (its reader stopped reading), an input
// whose lines carried no code has its position saved at once, while the input whose events wait in the sink
// keeps its last acknowledged one; once the sink takes them, that input's position is saved too. Real
// topology, real JSON-lines sink over a stream whose reader we hold, real positions file.
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { buildTopology } from '../../src/pipeline/build-topology.js';
import type { Sink, Source } from '../../src/pipeline/components.js';
import { JsonlEventSink } from '../../src/sinks/jsonl/jsonl-event-sink.js';
import { CheckpointWriter } from '../../src/sources/files/checkpoint-writer.js';
import type { PositionRecord } from '../../src/sources/files/positions-file.js';
import { loadPositions } from '../../src/sources/files/positions-file.js';
import { noSourceStats } from '../../src/sources/source-stats.js';
import type { LogLine } from '../../src/types.js';
import { tempDir, waitFor } from '../sources/test-helpers.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
const CODE_LINE = 'call aclnnAdd failed, error code is 161002';

/** One input reading one file: each line moves its position to `offset`. */
function input(name: string): Source & { line(text: string, offset: number): void } {
  const lines = new Subject<LogLine>();
  let lineNo = 0;
  let offset = 0;
  return {
    name,
    lines$: lines.asObservable(),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(lines.complete()),
    positions: (): PositionRecord[] => [{ dev: 1, ino: name.charCodeAt(0), headBytes: 0, headSha256: '0'.repeat(64), source: name, path: `/logs/${name}.log`, offset, line: lineNo, skipping: false }],
    describe: () => ({ name, kind: 'files', include: [`/logs/${name}.log`] }),
    line(text: string, at: number): void {
      lineNo++;
      offset = at;
      lines.next({ source: name, path: `/logs/${name}.log`, lineNo, text });
    },
  };
}

/** A reader that takes nothing until released: the sink's writes wait for it. */
class HeldReader extends Writable {
  private waiting: (() => void)[] = [];
  held = true;
  override _write(_chunk: unknown, _enc: BufferEncoding, done: (err?: Error) => void): void {
    if (this.held) this.waiting.push(() => done());
    else done();
  }
  release(): void {
    this.held = false;
    for (const w of this.waiting.splice(0)) w();
  }
}

describe('checkpoints acknowledged per input', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('acks')));
  afterEach(() => cleanup());

  it('saves an input with nothing in the stalled sink at once, and the other once the sink took its events', async () => {
    const file = join(dir, 'positions.json');
    const reader = new HeldReader();
    const events = new JsonlEventSink(reader);
    const sink: Sink = { name: 'events', write: (e) => events.write(e), flush: () => events.flush(), close: () => events.close() };
    const a = input('a');
    const b = input('b');
    const topology = buildTopology({ sources: [a, b], sinks: [sink], knowledge: () => knowledge, stats: noSourceStats, log: () => undefined });
    const writer = new CheckpointWriter({
      file, intervalMs: 1000, stats: noSourceStats, log: () => undefined, wallNow: () => 0,
      snapshot: () => topology.checkpoints.positions(),
      held: () => topology.checkpoints.acknowledged()?.then(() => topology.checkpoints.acknowledgedPositions()),
    });
    const saved = (): string[] => (loadPositions(file, () => undefined)?.records ?? []).map((r) => `${r.source}@${r.offset}`);
    await topology.start();

    a.line('nothing here', 10);
    b.line('nothing here', 10);
    expect(await writer.write()).toBe(true);
    expect(saved()).toEqual(['a@10', 'b@10']);

    // a's event waits in the sink (its reader holds the write); b reads on, without codes.
    a.line(CODE_LINE, 60);
    await new Promise<void>((resolve) => setImmediate(resolve));
    b.line('still nothing', 30);
    b.line('and nothing', 50);
    expect(await writer.write()).toBe(true);
    expect(saved()).toEqual(['a@10', 'b@50']);

    reader.release();
    await waitFor('a saved once acknowledged', () => saved().includes('a@60'), { state: () => saved() });
    expect(saved()).toEqual(['a@60', 'b@50']);
    await topology.stop();
    expect(await writer.stop()).toBe(true);
    await topology.close();
  });

  it('never saves a position ahead of the sink: the final checkpoint waits for the events it holds', async () => {
    const file = join(dir, 'positions.json');
    const reader = new HeldReader();
    const events = new JsonlEventSink(reader);
    const sink: Sink = { name: 'events', write: (e) => events.write(e), flush: () => events.flush(), close: () => events.close() };
    const a = input('a');
    const topology = buildTopology({ sources: [a], sinks: [sink], knowledge: () => knowledge, stats: noSourceStats, log: () => undefined });
    const writer = new CheckpointWriter({
      file, intervalMs: 1000, stats: noSourceStats, log: () => undefined, wallNow: () => 0,
      snapshot: () => topology.checkpoints.positions(),
      held: () => topology.checkpoints.acknowledged()?.then(() => topology.checkpoints.acknowledgedPositions()),
    });
    await topology.start();
    a.line(CODE_LINE, 42);
    a.line(CODE_LINE, 84);
    await topology.stop();
    const final = writer.stop();
    let finished = false;
    void final.then(() => (finished = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Nothing was acknowledged yet: no position at all is saved, and the shutdown checkpoint waits.
    expect([finished, loadPositions(file, () => undefined)]).toEqual([false, undefined]);
    reader.release();
    expect(await final).toBe(true);
    expect(loadPositions(file, () => undefined)?.records.map((r) => `${r.source}@${r.offset}`)).toEqual(['a@84']);
    await topology.close();
  });
});
