// Notices that the rules, the catalogs or the run config file changed, and says so once per burst of
// changes: an inotify watch on each directory (the config file's directory, so an editor's rename-into-place
// save is seen) plus a cheap poll of names, inodes, sizes and times as a safety net (NFS, missed events, a
// directory replaced). Changes within `debounceMs` of each other are reported together, on an injected clock.
import { readdirSync, statSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CancelTimer, Clock } from '../sources/files/clock.js';
import { systemClock } from '../sources/files/clock.js';

import type { ReloadKind } from './reload.js';

export interface ReloadWatchTargets {
  readonly rulesDir: string;
  readonly catalogDir: string;
  /** The run config file; undefined when the run has none. */
  readonly configFile?: string;
}

export interface ReloadWatcherOptions {
  readonly targets: ReloadWatchTargets;
  /** A burst of changes ended; `kinds` says what changed. */
  readonly onChange: (kinds: ReadonlySet<ReloadKind>) => void;
  readonly clock?: Clock;
  /** Quiet time after the last change before it is reported (default 300 ms). */
  readonly debounceMs?: number;
  /** How often the safety-net poll looks (default 2000 ms). */
  readonly pollMs?: number;
  /** false: no inotify watches, the poll alone (tests of the poll; file systems without inotify). */
  readonly inotify?: boolean;
}

interface Target {
  readonly kind: ReloadKind;
  readonly dir: string;
  /** Whether a name in `dir` is one the loader reads (Kubernetes' `..data` swap included). */
  readonly wants: (name: string) => boolean;
  watcher: FSWatcher | undefined;
  /** Identity of the watched directory, to notice it being replaced. */
  dirIdentity: string | undefined;
  signature: string;
}

const yamlOrSwap = (name: string): boolean => name.endsWith('.yaml') || name.startsWith('..');

export class ReloadWatcher {
  private readonly opts: ReloadWatcherOptions;
  private readonly clock: Clock;
  private targets: Target[] = [];
  private readonly pending = new Set<ReloadKind>();
  private cancelDebounce: CancelTimer | undefined;
  private cancelPoll: CancelTimer | undefined;
  private closed = false;

  constructor(opts: ReloadWatcherOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? systemClock;
  }

  start(): void {
    this.retarget(this.opts.targets);
    this.cancelPoll = this.clock.setInterval(() => this.poll(), this.opts.pollMs ?? 2_000);
  }

  /** Watches other paths (a reloaded config moved the rules or catalogs); what they hold now is the baseline. */
  retarget(targets: ReloadWatchTargets): void {
    for (const t of this.targets) t.watcher?.close();
    const list: Target[] = [
      this.target('rules', targets.rulesDir, yamlOrSwap),
      this.target('catalog', targets.catalogDir, yamlOrSwap),
    ];
    if (targets.configFile !== undefined) {
      const name = basename(targets.configFile);
      list.push(this.target('config', dirname(targets.configFile), (n) => n === name || n.startsWith('..')));
    }
    this.targets = list;
    for (const t of list) this.watchTarget(t);
  }

  /** Kinds changed and not reported yet (for tests). */
  pendingKinds(): ReadonlySet<ReloadKind> {
    return new Set(this.pending);
  }

  close(): void {
    this.closed = true;
    this.cancelDebounce?.();
    this.cancelPoll?.();
    for (const t of this.targets) t.watcher?.close();
    this.targets = [];
  }

  private target(kind: ReloadKind, dir: string, wants: (name: string) => boolean): Target {
    const t: Target = { kind, dir, wants, watcher: undefined, dirIdentity: undefined, signature: '' };
    t.signature = signature(t);
    return t;
  }

  private watchTarget(t: Target): void {
    t.dirIdentity = identity(t.dir);
    if (this.opts.inotify === false || t.dirIdentity === undefined) return;
    try {
      const self = basename(t.dir);
      const w = watch(t.dir, { persistent: false }, (_event, name) => {
        if (name === self) {
          // The directory itself was deleted or moved (its inode may even be reused by a new one of the
          // same name, so the poll could not tell): this watch is dead; the poll watches whatever is there.
          w.close();
          if (t.watcher === w) t.watcher = undefined;
        }
        if (typeof name !== 'string' || name === '' || name === self || t.wants(name)) this.changed(t.kind);
      });
      w.on('error', () => {
        w.close();
        if (t.watcher === w) t.watcher = undefined;
      });
      t.watcher = w;
    } catch {
      t.watcher = undefined; // the poll covers it, and watches again once the directory exists
    }
  }

  private changed(kind: ReloadKind): void {
    if (this.closed) return;
    this.pending.add(kind);
    this.cancelDebounce?.();
    this.cancelDebounce = this.clock.setTimeout(() => this.fire(), this.opts.debounceMs ?? 300);
  }

  private fire(): void {
    this.cancelDebounce = undefined;
    if (this.closed || this.pending.size === 0) return;
    const kinds = new Set(this.pending);
    this.pending.clear();
    // What is there now is what the reload will see: the poll compares against this, not against older state.
    for (const t of this.targets) if (kinds.has(t.kind)) t.signature = signature(t);
    this.opts.onChange(kinds);
  }

  private poll(): void {
    if (this.closed) return;
    for (const t of this.targets) {
      const id = identity(t.dir);
      if (id !== t.dirIdentity || (t.watcher === undefined && this.opts.inotify !== false && id !== undefined)) {
        t.watcher?.close();
        t.watcher = undefined;
        this.watchTarget(t);
      }
      const now = signature(t);
      if (now !== t.signature) {
        t.signature = now;
        this.changed(t.kind);
      }
    }
  }
}

function identity(dir: string): string | undefined {
  try {
    const st = statSync(dir);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Names, inodes, sizes and modification times of the files the loader would read (symlinks followed). */
function signature(t: Target): string {
  let names: string[];
  try {
    names = readdirSync(t.dir).filter(t.wants).sort();
  } catch {
    return 'missing';
  }
  return names.map((name) => {
    try {
      const st = statSync(join(t.dir, name));
      return `${name}:${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return `${name}:gone`;
    }
  }).join('\n');
}
