// Turns the lines of a container log file into the application's lines: a CRI record's prefix is removed,
// its partial (`P`) records are joined with the full (`F`) record that ends them (per stream, never past the
// line cap: the rest of an over-long record is dropped and the line flagged truncated), and each line
// carries the record's time and the pod the file belongs to. Docker json-file records pass through with
// their `time` field as the line's time (the extract stage unwraps their text); plain lines pass through
// unchanged. Either gets the pod if the path names one.
// One decoder per file: a partial record only continues in its own file.
import type { LogLine, PodRef } from '../../types.js';
import { parseCriRecord } from './cri-record.js';
import { dockerJsonTime } from './docker-json-time.js';
import { cachedPodFromPath } from './pod-from-path.js';

interface HeldRecord {
  parts: string[];
  length: number;
  truncated: boolean;
  firstLineNo: number;
  path: string;
}

export class CriLineDecoder {
  private readonly emit: (line: LogLine) => void;
  private readonly maxChars: number;
  private readonly podOf = cachedPodFromPath();
  private readonly held: { stdout?: HeldRecord; stderr?: HeldRecord } = {};

  /** `maxLineBytes` bounds a joined record (counted in UTF-16 units, a close upper bound for the bytes of log text). */
  constructor(maxLineBytes: number, emit: (line: LogLine) => void) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 4) throw new RangeError(`maxLineBytes must be an integer >= 4, got ${maxLineBytes}`);
    this.maxChars = maxLineBytes;
    this.emit = emit;
  }

  /** Records joined but not yet ended by their `F` record. */
  get holding(): boolean {
    return this.held.stdout !== undefined || this.held.stderr !== undefined;
  }

  push(line: LogLine): void {
    const record = parseCriRecord(line.text);
    const pod = this.podOf(line.path);
    if (record === undefined) {
      const time = dockerJsonTime(line.text);
      this.emit(pod === undefined && time === undefined ? line : passedThrough(line, time, pod));
      return;
    }
    let held = this.held[record.stream];
    if (held === undefined && !record.partial) {
      this.emit(decoded(line, record.message, line.truncated === true, line.lineNo, record.time, pod));
      return;
    }
    held ??= this.held[record.stream] = { parts: [], length: 0, truncated: false, firstLineNo: line.lineNo, path: line.path };
    if (line.truncated === true) held.truncated = true;
    const room = this.maxChars - held.length;
    if (room > 0) {
      const part = record.message.length > room ? record.message.slice(0, room) : record.message;
      if (part.length < record.message.length) held.truncated = true;
      held.parts.push(part);
      held.length += part.length;
    } else if (record.message.length > 0) {
      held.truncated = true;
    }
    if (record.partial) return;
    this.held[record.stream] = undefined;
    this.emit(decoded(line, held.parts.join(''), held.truncated, held.firstLineNo, record.time, pod));
  }

  /** Delivers records whose `F` never came (the file ended, was rotated away or truncated) as they are. */
  flush(source: string): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const held = this.held[stream];
      if (held === undefined) continue;
      this.held[stream] = undefined;
      const pod = this.podOf(held.path);
      const line: LogLine = { source, path: held.path, lineNo: held.firstLineNo, text: '', truncated: false };
      this.emit(decoded(line, held.parts.join(''), held.truncated, held.firstLineNo, undefined, pod));
    }
  }
}

/** A line that is not a CRI record, with a json-file record's time and the file's pod where there are. */
function passedThrough(line: LogLine, time: number | undefined, pod: PodRef | undefined): LogLine {
  const out: { -readonly [K in keyof LogLine]: LogLine[K] } = { source: line.source, path: line.path, lineNo: line.lineNo, text: line.text, truncated: line.truncated, anchored: line.anchored };
  if (time !== undefined) out.time = time;
  if (pod !== undefined) out.pod = pod;
  return out;
}

/** A CRI record's message as the line (its text is not the line the reader searched: never `anchored`). */
function decoded(line: LogLine, text: string, truncated: boolean, lineNo: number, time: number | undefined, pod: PodRef | undefined): LogLine {
  const out: { -readonly [K in keyof LogLine]: LogLine[K] } = { source: line.source, path: line.path, lineNo, text, truncated, anchored: false };
  if (time !== undefined) out.time = time;
  if (pod !== undefined) out.pod = pod;
  return out;
}
