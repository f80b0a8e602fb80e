// `scan --events`: one CodeEvent as one JSON line, written in batches so millions of events cost few writes.
import { terminalSafeJson } from '../terminal-safe-json.js';

export interface TextWriter {
  write(text: string): unknown;
}

const FLUSH_AT_CHARS = 64 * 1024;

export class EventLineWriter {
  private buffered = '';
  private readonly out: TextWriter;

  constructor(out: TextWriter) {
    this.out = out;
  }

  write(event: object): void {
    this.buffered += `${terminalSafeJson(event)}\n`;
    if (this.buffered.length >= FLUSH_AT_CHARS) this.flush();
  }

  flush(): void {
    if (this.buffered === '') return;
    this.out.write(this.buffered);
    this.buffered = '';
  }
}
