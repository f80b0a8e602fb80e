// Reloads of a running `run` (reload.ts: one type, whoever asks), one at a time: load, validate, freeze,
// swap. The run config is applied live where the decision table (config-change.ts) says it can be (file
// inputs, sources and sinks started, stopped or restarted; rules and catalog directories); settings that need
// a restart are named, not dropped. Rules and catalogs swap between two lines, never within one. A bad file
// keeps what runs, every problem is logged with its position, and each attempt is reported per kind.
import type { RunConfig } from '../config/load-run-config.js';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import { reloadKnowledge } from '../knowledge/reload-knowledge.js';
import type { LoadError } from '../load/load-error.js';
import { formatLoadError, LoadErrors } from '../load/load-error.js';
import type { ConfigChange } from './config-change.js';
import { diffRunConfig } from './config-change.js';
import type { KnowledgeKind, Reload } from './reload.js';
import type { ReloadOutcome, RunAttachment } from './run-context.js';

/** What a reload may change, shared with the rest of the run (read through getters). */
export interface ReloadableState {
  config: RunConfig;
  knowledge: Knowledge;
}

export interface HotReloadOptions {
  readonly state: ReloadableState;
  /**
   * Applies a reloaded config's live changes (file inputs, sources, sinks) and says what it did, in
   * sentences. Called after onConfig, so a new source's label exists before its first line.
   */
  readonly apply: (change: ConfigChange) => Promise<readonly string[]>;
  /** SIGHUP: every file closed and opened again at its position. */
  readonly reopen: () => Promise<void>;
  readonly attachments: readonly RunAttachment[];
  readonly log: (sentence: string) => void;
  /** The run config file and how to load it again (flags re-applied); undefined: the run has none. */
  readonly configFile?: { readonly path: string; readonly load: () => RunConfig };
  /** The rules or catalog directory moved (a reloaded config): watch the new one. */
  readonly onDirectoriesChanged?: (config: RunConfig) => void;
  /** Epoch milliseconds. */
  readonly wallNow?: () => number;
}

const WHAT: Record<KnowledgeKind, string> = { rules: 'the rules', catalog: 'the catalogs' };

export class HotReload {
  private readonly opts: HotReloadOptions;
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: HotReloadOptions) {
    this.opts = opts;
  }

  /** Applies `reload` after any reload in progress; with `reopen` (SIGHUP) every file is then reopened at its position. */
  request(reload: Reload): Promise<void> {
    const run = this.queue.then(() => this.reloadOnce(reload));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once no reload is running or waiting. */
  async idle(): Promise<void> {
    for (let q = this.queue; ; q = this.queue) {
      await q;
      if (q === this.queue) return;
    }
  }

  private async reloadOnce({ kinds, trigger, reopen }: Reload): Promise<void> {
    const knowledgeKinds = new Set<KnowledgeKind>();
    for (const k of kinds) if (k !== 'config') knowledgeKinds.add(k);
    if (kinds.has('config') && this.opts.configFile) {
      for (const k of await this.reloadConfig(this.opts.configFile, trigger)) knowledgeKinds.add(k);
    }
    if (knowledgeKinds.size > 0) this.reloadKnowledge(knowledgeKinds, trigger);
    if (reopen) await this.opts.reopen();
  }

  /** Returns the knowledge kinds whose directory the new config moved (they are loaded from there next). */
  private async reloadConfig(file: { readonly path: string; readonly load: () => RunConfig }, trigger: ReloadOutcome['trigger']): Promise<KnowledgeKind[]> {
    const { state, log } = this.opts;
    let loaded: RunConfig;
    try {
      loaded = file.load();
    } catch (err) {
      if (!(err instanceof LoadErrors)) throw err;
      log(`Reloading the run config ${file.path} failed; the running config stays in use. ${countProblems(err.errors)}:\n${err.errors.map(formatLoadError).join('\n')}`);
      this.report({ kind: 'config', ok: false, trigger, problems: err.errors, notes: [], restartRequired: [] });
      return [];
    }
    const change = diffRunConfig(state.config, loaded);
    state.config = change.effective;
    // Before any new input reads a line: its source label must exist where events are counted.
    for (const a of this.opts.attachments) a.onConfig?.(change.effective);
    const notes = [...await this.opts.apply(change)];
    if (change.rulesDirChanged) notes.push(`Rules are now read from ${change.effective.rulesDir}.`);
    if (change.catalogDirChanged) notes.push(`Catalogs are now read from ${change.effective.catalogDir}.`);
    if (change.restartRequired.length > 0) {
      notes.push(`Changed in ${file.path} but applied only by a restart, so still running as before: ${change.restartRequired.join(', ')}.`);
    }
    log(`Reloaded the run config ${file.path}${notes.length === 0 ? '; nothing changed.' : `. ${notes.join(' ')}`}`);
    if (change.rulesDirChanged || change.catalogDirChanged) this.opts.onDirectoriesChanged?.(change.effective);
    this.report({ kind: 'config', ok: true, trigger, problems: [], notes, restartRequired: change.restartRequired });
    const moved: KnowledgeKind[] = [];
    if (change.rulesDirChanged) moved.push('rules');
    if (change.catalogDirChanged) moved.push('catalog');
    return moved;
  }

  private reloadKnowledge(kinds: ReadonlySet<KnowledgeKind>, trigger: ReloadOutcome['trigger']): void {
    const { state, log } = this.opts;
    const what = kinds.size === 2 ? 'the rules and catalogs' : WHAT[[...kinds][0]];
    try {
      const knowledge = reloadKnowledge(state.knowledge, kinds, state.config);
      state.knowledge = knowledge;
      log(`Reloaded ${what} (version ${knowledge.version}).`);
      for (const a of this.opts.attachments) a.onKnowledge?.(knowledge);
      for (const kind of kinds) this.report({ kind, ok: true, trigger, problems: [], notes: [], restartRequired: [] });
    } catch (err) {
      if (!(err instanceof LoadErrors)) throw err;
      log(`Reloading ${what} failed; the ones in use stay as they were. ${countProblems(err.errors)}:\n${err.errors.map(formatLoadError).join('\n')}`);
      for (const a of this.opts.attachments) a.onKnowledgeFailed?.(err);
      for (const [kind, problems] of attribute(err.errors, kinds, state.config)) this.report({ kind, ok: false, trigger, problems, notes: [], restartRequired: [] });
    }
  }

  private report(outcome: Omit<ReloadOutcome, 'at'>): void {
    const full: ReloadOutcome = { ...outcome, at: (this.opts.wallNow ?? Date.now)() };
    for (const a of this.opts.attachments) a.onReload?.(full);
  }
}

/**
 * Which reloaded kind each problem belongs to: a file under the rules directory is the rules', under the
 * catalog directory the catalogs'. A problem in neither counts against every kind being reloaded.
 */
function attribute(errors: readonly LoadError[], kinds: ReadonlySet<KnowledgeKind>, dirs: { rulesDir: string; catalogDir: string }): Map<KnowledgeKind, LoadError[]> {
  const under = (dir: string, file: string): boolean => file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
  const out = new Map<KnowledgeKind, LoadError[]>();
  const add = (kind: KnowledgeKind, e: LoadError): void => {
    if (kinds.has(kind)) out.set(kind, [...(out.get(kind) ?? []), e]);
  };
  for (const e of errors) {
    if (under(dirs.rulesDir, e.file)) add('rules', e);
    else if (under(dirs.catalogDir, e.file)) add('catalog', e);
    else for (const kind of kinds) add(kind, e);
  }
  // A problem is always someone's: a rules-only reload whose rules name a family the catalogs lack is a rules failure.
  if (out.size === 0) for (const kind of kinds) out.set(kind, [...errors]);
  return out;
}

function countProblems(errors: readonly LoadError[]): string {
  return errors.length === 1 ? '1 problem' : `${errors.length} problems`;
}
