// `run --events`: one CodeEvent per line as JSON. Events are gathered for one event-loop turn and written
// together (few writes, no added latency worth measuring). Exposes the stream's backpressure as a read
// gate, and a flush whose promise is the checkpoint barrier: it resolves once the stream took every event.
import type { Writable } from 'node:stream';
import type { CodeEvent } from '../../types.js';
import { terminalSafeJson } from '../terminal-safe-json.js';

export class JsonlEventSink {
  private readonly out: Writable;
  private readonly onError: (err: Error) => void;
  private buffered = '';
  private scheduled = false;
  private lastWrite: Promise<void> = Promise.resolve();
  private draining: Promise<void> | undefined;
  private failed = false;

  constructor(out: Writable, onError: (err: Error) => void = () => undefined) {
    this.out = out;
    this.onError = onError;
    // A reader that went away (EPIPE) must not crash the exporter: report once, then discard.
    out.on('error', (err: Error) => this.fail(err));
  }

  write(event: CodeEvent): void {
    if (this.failed) return;
    this.buffered += `${terminalSafeJson(event)}\n`;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.writeBuffered());
    }
  }

  /** Resolves when every event written so far has been handed to the stream's destination. */
  flush(): Promise<void> {
    this.writeBuffered();
    return this.lastWrite;
  }

  /** A promise while the stream is over its high-water mark (sources wait for it), else undefined. */
  readGate(): Promise<void> | undefined {
    if (this.failed || !this.out.writableNeedDrain) return undefined;
    this.draining ??= new Promise<void>((resolve) => {
      const done = (): void => {
        this.out.off('drain', done);
        this.out.off('error', done);
        this.draining = undefined;
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('error', done);
    });
    return this.draining;
  }

  close(): Promise<void> {
    return this.flush();
  }

  private writeBuffered(): void {
    this.scheduled = false;
    if (this.buffered === '' || this.failed) return;
    const text = this.buffered;
    this.buffered = '';
    this.lastWrite = new Promise<void>((resolve) => {
      this.out.write(text, (err) => {
        if (err) this.fail(err);
        resolve();
      });
    });
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.buffered = '';
    this.onError(err);
  }
}
