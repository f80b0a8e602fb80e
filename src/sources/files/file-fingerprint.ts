// Identifies a file across renames and restarts by device, inode and a SHA-256 of its first bytes, so a
// reused inode or a file replaced under the same name never resumes at another file's offset. A file
// shorter than the head length is fingerprinted by what it has; the fingerprint grows with the file.
import { createHash } from 'node:crypto';

export interface FileFingerprint {
  readonly dev: number;
  readonly ino: number;
  /** How many leading bytes the hash covers (less than the configured head length for short files). */
  readonly headBytes: number;
  readonly headSha256: string;
}

/** Default number of leading bytes a fingerprint covers. */
export const DEFAULT_HEAD_BYTES = 1024;

export function fingerprintOf(dev: number, ino: number, head: Buffer): FileFingerprint {
  return { dev, ino, headBytes: head.length, headSha256: sha256(head) };
}

/** The key of a positions-file entry: `<dev>:<ino>:<sha256 of the head>`. */
export function fingerprintKey(fp: FileFingerprint): string {
  return `${fp.dev}:${fp.ino}:${fp.headSha256}`;
}

/** Device and inode only: at most one open file per identity at any time. */
export function identityKey(dev: number, ino: number): string {
  return `${dev}:${ino}`;
}

/** True when `head` (the file's first bytes, as many as it has up to the head length) starts like `fp`. */
export function headMatches(fp: FileFingerprint, head: Buffer): boolean {
  return head.length >= fp.headBytes && sha256(head.subarray(0, fp.headBytes)) === fp.headSha256;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
