// Reads scan inputs one after another as a single Observable of LogLine: files (gunzipped when they end
// in .gz) and stdin. A file that fails mid-read is reported and counted; the files after it are still read.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import type * as Zlib from 'node:zlib';
import type { Observable } from 'rxjs';
import { catchError, defer, EMPTY, fromArray, mergeAll } from '../../reactive/rxjs.js';
import type { LiteralSearch } from '../../rules/literal-search.js';
import type { SourceStats } from '../source-stats.js';
import type { LogLine } from '../../types.js';
import type { ByteRange, ScanInput } from './expand-inputs.js';
import { readLineStream } from './read-line-stream.js';

/** Source label of lines read from files by `scan`; stdin lines carry `stdin`. */
export const SCAN_SOURCE = 'scan';
export const STDIN_SOURCE = 'stdin';

/** zlib, loaded for the first .gz input: a scan of plain files never pays for it (~1.4 ms of start-up). */
const zlib = (): typeof Zlib => createRequire(import.meta.url)('node:zlib') as typeof Zlib;

/** Big reads: fewer chunks, fewer callbacks; the splitter never keeps more than one capped line. */
const READ_CHUNK_BYTES = 256 * 1024;

export interface ReadInputsOptions {
  readonly stats: SourceStats;
  readonly stdin?: Readable;
  readonly maxLineBytes?: number;
  /** Read size for files and gunzip output (default 256 KiB); tests vary it to prove chunking changes nothing. */
  readonly chunkBytes?: number;
  /** Raw (on-disk, possibly compressed) bytes consumed, for progress; called once per chunk. */
  readonly onBytes?: (bytes: number) => void;
  /** A file could not be read (or decompressed) to its end; the lines before the error were delivered. */
  readonly onReadError?: (path: string, err: Error) => void;
  /**
   * Only lines holding one of this search's literals (as bytes) are delivered; the others are counted (see
   * ReadLinesOptions.lineSearch). scan passes the rules' byte prefilter: a line it rejects can yield no event.
   */
  readonly lineSearch?: LiteralSearch;
}

export function readInputs(inputs: readonly ScanInput[], opts: ReadInputsOptions): Observable<LogLine> {
  // concat(...), one input after another, without loading `from`'s schedulers (see reactive/rxjs.ts).
  return fromArray(inputs.map((input) => defer(() => readInput(input, opts)))).pipe(mergeAll(1));
}

function readInput(input: ScanInput, opts: ReadInputsOptions): Observable<LogLine> {
  const { stats } = opts;
  const path = input.kind === 'stdin' ? '-' : input.path;
  const source = input.kind === 'stdin' ? STDIN_SOURCE : SCAN_SOURCE;
  const stream = input.kind === 'stdin' ? (opts.stdin ?? process.stdin) : openFile(input.path, input.gzip, opts, input.range);
  return readLineStream(stream, {
    source,
    path,
    stats,
    maxLineBytes: opts.maxLineBytes,
    destroyOnUnsubscribe: input.kind !== 'stdin',
    lineSearch: opts.lineSearch,
  }).pipe(
    catchError((err: unknown) => {
      stats.linesDropped(source, 'read_error', 1);
      opts.onReadError?.(path, err instanceof Error ? err : new Error(String(err)));
      return EMPTY;
    }),
  );
}

function openFile(path: string, gzip: boolean, opts: ReadInputsOptions, range: ByteRange | undefined): Readable {
  const chunkBytes = opts.chunkBytes ?? READ_CHUNK_BYTES;
  // createReadStream's end is inclusive; the planner never makes an empty range.
  const file = createReadStream(path, { highWaterMark: chunkBytes, start: range?.start, end: range?.end === undefined ? undefined : range.end - 1 });
  const onBytes = opts.onBytes;
  if (onBytes) file.on('data', (chunk: Buffer | string) => onBytes(chunk.length));
  if (!gzip) return file;
  // zlib's smallest output chunk is 64 bytes.
  const gunzip = zlib().createGunzip({ chunkSize: Math.max(chunkBytes, 64) });
  // pipe() does not forward errors: an unreadable .gz file must fail the decompressed stream too.
  file.on('error', (err) => gunzip.destroy(err));
  gunzip.on('close', () => file.destroy());
  return file.pipe(gunzip);
}
