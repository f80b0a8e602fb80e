// What sources report about themselves, for self-monitoring metrics and the status page.
// Sources call these hooks; the metrics sink implements them. A no-op implementation is provided
// so sources can run (scan, tests) without a metrics registry.

export type DropReason = 'truncated' | 'invalid_utf8' | 'read_error' | 'malformed';
/**
 * What happened to a followed file: `rename`, it left the name it was first followed under (once per file);
 * `truncate`, it was truncated or rewritten in place and is read again from byte 0; `deleted`, no name leads
 * to it any more (removed, or another file renamed over it).
 */
export type RotationKind = 'rename' | 'truncate' | 'deleted';

export interface SourceStats {
  /** Lines delivered downstream and the bytes they covered (terminators included). */
  linesRead(source: string, lines: number, bytes: number): void;
  /** Lines dropped or altered on the way (a truncated line is still delivered, but counted here). */
  linesDropped(source: string, reason: DropReason, count: number): void;
  /** A file was rotated, truncated or deleted under us. */
  rotation(source: string, kind: RotationKind): void;
  /** Files currently open for a source. */
  filesWatched(source: string, count: number): void;
  /** Bytes written to the source's files that have not been read yet. */
  bytesBehind(source: string, bytes: number): void;
  /** A checkpoint (positions file) write finished. */
  checkpointWritten(ok: boolean): void;
}

export const noSourceStats: SourceStats = {
  linesRead: () => undefined,
  linesDropped: () => undefined,
  rotation: () => undefined,
  filesWatched: () => undefined,
  bytesBehind: () => undefined,
  checkpointWritten: () => undefined,
};
