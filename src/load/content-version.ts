// The short version shown for catalogs, rule files and the knowledge built from them: the first 12 hex
// digits of a SHA-256, so the same content always shows the same version on /metrics and the status page.
import { createHash } from 'node:crypto';

export function contentVersion(text: string): string {
  return contentHash(text).slice(0, 12);
}

/** The last text hashed and its hash: a loader hashes each file twice, for the snapshot key and its version. */
let last: { readonly text: string; readonly hash: string } | undefined;

/** The SHA-256 of `text` (its UTF-8 bytes), in hex. */
export function contentHash(text: string): string {
  if (last?.text === text) return last.hash;
  const hash = createHash('sha256').update(text).digest('hex');
  last = { text, hash };
  return hash;
}
