import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JsonlEventSink } from '../../src/sinks/jsonl/jsonl-event-sink.js';
import type { CodeEvent } from '../../src/types.js';

const event = (lineNo: number): CodeEvent => ({
  family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', class: 'fatal', classBasis: 'policy', rule: 'aclnn-code-near-cue',
  raw: '161002', labels: { api: 'aclnnAdd' }, source: 'device', path: '/l/a.log', lineNo, line: `call aclnnAdd failed, error code is 161002 #${lineNo}`,
});

/** A writable whose writes complete only when the test says so. */
class SlowWritable extends Writable {
  readonly chunks: string[] = [];
  private pending: (() => void)[] = [];
  constructor(highWaterMark: number) {
    super({ highWaterMark, decodeStrings: false });
  }
  override _write(chunk: string, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.pending.push(() => cb());
  }
  complete(): void {
    for (const cb of this.pending.splice(0)) cb();
  }
}

describe('JsonlEventSink', () => {
  it('writes one JSON event per line, gathered into one write per event-loop turn', async () => {
    const out = new SlowWritable(1 << 20);
    const sink = new JsonlEventSink(out);
    sink.write(event(1));
    sink.write(event(2));
    expect(out.chunks).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(out.chunks).toHaveLength(1);
    expect(out.chunks[0].split('\n').filter(Boolean).map((l) => (JSON.parse(l) as CodeEvent).lineNo)).toEqual([1, 2]);
  });

  it('flush resolves only once the stream has taken every event (the checkpoint barrier)', async () => {
    const out = new SlowWritable(1 << 20);
    const sink = new JsonlEventSink(out);
    sink.write(event(1));
    let flushed = false;
    const done = sink.flush().then(() => (flushed = true));
    await new Promise((r) => setImmediate(r));
    expect(flushed).toBe(false);
    out.complete();
    await done;
    expect(flushed).toBe(true);
  });

  it('gives a read gate while the stream is over its high-water mark, released on drain', async () => {
    const out = new SlowWritable(10);
    const sink = new JsonlEventSink(out);
    expect(sink.readGate()).toBeUndefined();
    sink.write(event(1));
    void sink.flush();
    const gate = sink.readGate();
    expect(gate).toBeInstanceOf(Promise);
    out.complete();
    await gate;
    expect(sink.readGate()).toBeUndefined();
  });

  it('reports a broken stream once and then discards, never throwing', async () => {
    const out = new Writable({ write: (_c, _e, cb) => cb(new Error('EPIPE')) });
    const errors: string[] = [];
    const sink = new JsonlEventSink(out, (e) => errors.push(e.message));
    sink.write(event(1));
    await sink.flush();
    sink.write(event(2));
    await sink.flush();
    expect(errors).toEqual(['EPIPE']);
  });
});
