// The short version shown for catalogs, rule files and the knowledge built from them: the first 12 hex
// digits of a SHA-256, so the same content always shows the same version on /metrics and the status page.
import { createHash } from 'node:crypto';

export function contentVersion(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
