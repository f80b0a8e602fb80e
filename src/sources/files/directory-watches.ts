// The fast path of file events: one inotify watch (fs.watch) per directory that holds followed files,
// reporting writes (`written`) and names appearing, vanishing or moving (`renamed`) within a millisecond.
// chokidar is not used for this: on every write in a watched directory it re-reads the whole directory
// and lstat()s every entry, which cost half a core at 10k lines/s over 100 files. Where inotify is not
// available (NFS), watching fails quietly and polling covers it.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { join } from 'node:path';

export type DirectoryEventKind = 'written' | 'renamed';

export class DirectoryWatches {
  private readonly onEvent: (kind: DirectoryEventKind, path: string) => void;
  private readonly watches = new Map<string, { watcher: FSWatcher | undefined; refs: number }>();

  constructor(onEvent: (kind: DirectoryEventKind, path: string) => void) {
    this.onEvent = onEvent;
  }

  /** Starts (or shares) the watch of `dir`; every call needs one unwatch. */
  watch(dir: string): void {
    const existing = this.watches.get(dir);
    if (existing) {
      existing.refs++;
      return;
    }
    this.watches.set(dir, { watcher: this.open(dir), refs: 1 });
  }

  unwatch(dir: string): void {
    const w = this.watches.get(dir);
    if (!w || --w.refs > 0) return;
    w.watcher?.close();
    this.watches.delete(dir);
  }

  /** Watches `dir` again (it was removed and created again, so the old watch is dead). */
  refresh(dir: string): void {
    const w = this.watches.get(dir);
    if (!w) return;
    w.watcher?.close();
    w.watcher = this.open(dir);
  }

  close(): void {
    for (const w of this.watches.values()) w.watcher?.close();
    this.watches.clear();
  }

  private open(dir: string): FSWatcher | undefined {
    try {
      const w = watch(dir, { persistent: false }, (event, name) => {
        if (typeof name !== 'string' || name === '') return;
        this.onEvent(event === 'change' ? 'written' : 'renamed', join(dir, name));
      });
      // The directory vanished or cannot be watched any more: polling and re-scans take over.
      w.on('error', () => {
        w.close();
        const entry = this.watches.get(dir);
        if (entry?.watcher === w) entry.watcher = undefined;
      });
      return w;
    } catch {
      return undefined;
    }
  }
}
