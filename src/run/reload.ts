// A reload, modelled once: what is loaded again (the run config, the rules, the catalogs), why, and whether
// the files are reopened. The watcher (a changed file) and SIGHUP each make one, HotReload applies it and
// reports its outcome per kind; what a changed run config setting does is one table (config-change.ts).

export type ReloadKind = 'config' | 'rules' | 'catalog';
/** The kinds that are knowledge (knowledge/reload-knowledge.ts loads them again). */
export type KnowledgeKind = Exclude<ReloadKind, 'config'>;
export const RELOAD_KINDS: readonly ReloadKind[] = ['config', 'rules', 'catalog'];

export interface Reload {
  readonly kinds: ReadonlySet<ReloadKind>;
  /** SIGHUP, or a change seen on disk. */
  readonly trigger: 'signal' | 'file';
  /** SIGHUP: every file is closed and opened again at its position, and the globs re-scanned. */
  readonly reopen: boolean;
}

/** SIGHUP: everything, and the files reopened. */
export const SIGNAL_RELOAD: Reload = { kinds: new Set(RELOAD_KINDS), trigger: 'signal', reopen: true };

/** "The run config and the rules", for a log sentence. */
export function describeReloadKinds(kinds: ReadonlySet<ReloadKind>): string {
  const names: Record<ReloadKind, string> = { config: 'The run config', rules: 'The rules', catalog: 'The catalogs' };
  const list = RELOAD_KINDS.filter((k) => kinds.has(k)).map((k, i) => (i === 0 ? names[k] : names[k].toLowerCase()));
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}
