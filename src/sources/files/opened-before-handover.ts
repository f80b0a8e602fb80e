// Files a restarted input opened while it waited for its predecessor's positions (see TailFiles'
// awaitHandover). A descriptor pins the file: one born and rotated away before the listing is still read.
import type { FileTail } from './tail-file.js';

export class OpenedBeforeHandover {
  private readonly tails = new Map<string, FileTail>();
  private closed = false;

  /** Keeps `tail` unless a descriptor of the same file is kept already (then `tail` is closed). */
  async keep(tail: FileTail): Promise<void> {
    if (this.closed || this.tails.has(tail.identity)) {
      await tail.close();
      return;
    }
    this.tails.set(tail.identity, tail);
  }

  /** Every kept descriptor, once; later ones are closed on arrival. */
  take(): FileTail[] {
    this.closed = true;
    const all = [...this.tails.values()];
    this.tails.clear();
    return all;
  }
}
