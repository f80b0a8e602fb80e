// Where reading of a newly opened file begins. A checkpoint whose fingerprint matches wins (unless the
// file is now shorter: then from 0). A checkpoint of the same device and inode whose first bytes no longer
// match means the file was rewritten (copytruncate, or the inode reused by a new file) after that
// checkpoint: all of it is new, so it is read from 0. Otherwise a file that appeared while running starts
// at byte 0, and one found at start-up at its end, unless `fromBeginning` or it was born since the last
// checkpoint.
import type { FileFingerprint } from './file-fingerprint.js';
import { headMatches } from './file-fingerprint.js';
import type { PositionRecord } from './positions-file.js';
import type { StartAt } from './tail-file.js';

export interface StartFacts {
  /** Found by the start-up listing (`startup`) or after it (`running`). */
  readonly phase: 'startup' | 'running';
  readonly fromBeginning: boolean;
  /** Saved positions with the file's device and inode. */
  readonly candidates: readonly PositionRecord[];
  /** The file's first bytes (up to the head length) and size when opened. */
  readonly head: Buffer;
  readonly size: number;
  /** Birth time in wall-clock ms (0 where the file system does not record it). */
  readonly bornAt: number;
  /** Files born at or after this wall-clock time are new even at start-up. */
  readonly newerThan: number;
}

export interface StartChoice {
  readonly at: StartAt;
  /**
   * Truncated or rewritten while we were not looking: a checkpoint matched but the file is now shorter
   * than it, or a checkpoint of this device and inode no longer matches the file's first bytes.
   */
  readonly truncatedSinceCheckpoint: boolean;
  readonly record?: FileFingerprint;
}

export function chooseStart(f: StartFacts): StartChoice {
  const record = f.candidates.find((r) => headMatches(r, f.head));
  if (record) {
    if (record.offset <= f.size) return { at: { offset: record.offset, line: record.line, skipping: record.skipping }, truncatedSinceCheckpoint: false, record };
    return { at: 'beginning', truncatedSinceCheckpoint: true, record };
  }
  // The inode was followed at the last checkpoint, so whatever it holds now was written since then.
  if (f.candidates.length > 0) return { at: 'beginning', truncatedSinceCheckpoint: true, record: f.candidates[0] };
  if (f.phase === 'running' || f.fromBeginning) return { at: 'beginning', truncatedSinceCheckpoint: false };
  const bornSince = f.bornAt > 0 && f.bornAt >= f.newerThan;
  return { at: bornSince ? 'beginning' : 'end', truncatedSinceCheckpoint: false };
}
