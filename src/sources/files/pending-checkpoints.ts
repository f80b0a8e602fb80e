// Checkpoints not used yet, by identity (device + inode): each is used once, by the first open of its file,
// and until then kept and saved again with every checkpoint, so a file that cannot be opened for a while
// (unreadable, a SIGHUP or restart meanwhile) resumes where it was instead of from byte 0 or its end.
// One is forgotten once its name is gone or leads to another file: the file was rotated to a name not followed.
import { stat } from 'node:fs/promises';
import { identityKey } from './file-fingerprint.js';
import type { PositionRecord } from './positions-file.js';
import { positionsByIdentity } from './positions-file.js';

export class PendingCheckpoints {
  private readonly byIdentity: Map<string, PositionRecord[]>;

  constructor(records: readonly PositionRecord[]) {
    this.byIdentity = positionsByIdentity(records);
  }

  add(records: readonly PositionRecord[]): void {
    for (const [identity, pending] of positionsByIdentity(records)) {
      this.byIdentity.set(identity, [...(this.byIdentity.get(identity) ?? []), ...pending]);
    }
  }

  /** Checkpoints for a file of this identity (several after inode reuse: its first bytes decide). */
  candidates(identity: string): readonly PositionRecord[] {
    return this.byIdentity.get(identity) ?? [];
  }

  /** The file was opened (whichever checkpoint it used, if any): its checkpoints are spent. */
  used(identity: string): void {
    this.byIdentity.delete(identity);
  }

  /** The checkpoints to save again: those of files not open now (`isOpen` says which are). */
  records(isOpen: (identity: string) => boolean): PositionRecord[] {
    const out: PositionRecord[] = [];
    for (const [identity, pending] of this.byIdentity) if (!isOpen(identity)) out.push(...pending);
    return out;
  }

  /** Forgets the checkpoints of open files and of files no longer at their names (see the module comment). */
  async prune(isOpen: (identity: string) => boolean): Promise<void> {
    await Promise.all([...this.byIdentity].map(async ([identity, records]) => {
      if (isOpen(identity)) {
        this.byIdentity.delete(identity);
        return;
      }
      const kept: PositionRecord[] = [];
      for (const r of records) {
        // Any answer but "not there" (EACCES on a directory, EIO) keeps it: the file may still be there.
        const st = await stat(r.path).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? undefined : 'unknown'));
        if (st === 'unknown' || (st !== undefined && identityKey(st.dev, st.ino) === identity)) kept.push(r);
      }
      if (kept.length === 0) this.byIdentity.delete(identity);
      else this.byIdentity.set(identity, kept);
    }));
  }
}
