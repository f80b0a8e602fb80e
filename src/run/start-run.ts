// The live topology: tailed files (one source per input) and stdin -> LogLine -> toCodeEvents -> every
// attached sink, with checkpoints written behind the sinks. stop() stops reading, writes the final checkpoint,
// closes sinks. Rules, catalogs and the run config reload when their files change and on reload() (SIGHUP,
// which also reopens and re-scans the files); see hot-reload.ts.
import type { Readable } from 'node:stream';
import { merge, tap } from 'rxjs';
import type { Observable } from 'rxjs';
import type { RunConfig } from '../config/load-run-config.js';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import { toCodeEvents } from '../pipeline/code-event-pipeline.js';
import { fanOutStats } from '../sinks/report/scan-stats.js';
import { CheckpointWriter } from '../sources/files/checkpoint-writer.js';
import type { Clock } from '../sources/files/clock.js';
import { loadPositions } from '../sources/files/positions-file.js';
import { noSourceStats } from '../sources/source-stats.js';
import { readStdin, STDIN_SOURCE } from '../sources/stdin/read-stdin.js';
import { UnknownCodes } from '../transforms/enrich/unknown-codes.js';
import type { CodeEvent, LogLine } from '../types.js';
import { HotReload } from './hot-reload.js';
import type { ReloadableState } from './hot-reload.js';
import { InputSet } from './input-set.js';
import { ReloadWatcher } from './reload-watcher.js';
import type { WatchedKind } from './reload-watcher.js';
import type { RunAttachment, RunContext, RunExtension } from './run-context.js';

export interface StartRunOptions {
  readonly config: RunConfig;
  readonly knowledge: Knowledge;
  /** The run config file and how to load it again with the same flags (throws LoadErrors); none: not reloaded. */
  readonly configFile?: { readonly path: string; readonly load: () => RunConfig };
  /** Watching the rules, catalogs and config file for changes (default on); false: only reload() reloads. */
  readonly watch?: false | { readonly debounceMs?: number; readonly pollMs?: number; readonly clock?: Clock };
  readonly extensions: readonly RunExtension[];
  readonly version: string;
  readonly log: (sentence: string) => void;
  readonly stdin?: Readable;
}

export interface RunningExporter {
  /** Resolves when every source ended by itself (only standard input can, and only with no file input). */
  readonly ended: Promise<void>;
  /** SIGHUP: reloads the run config (if any), rules and catalogs, then reopens and re-scans every file. */
  reload(): Promise<void>;
  /** Resolves false when the final positions could not be written (the next start replays more), else true. */
  stop(): Promise<boolean>;
}

export async function startRun(opts: StartRunOptions): Promise<RunningExporter> {
  const { config, log } = opts;
  const state: ReloadableState = { config, knowledge: opts.knowledge };
  let markInputsReady: () => void = () => undefined;
  const inputsReady = new Promise<void>((resolve) => (markInputsReady = resolve));
  // The inputs need the extensions' stats hooks, and the extensions this context: filled in below.
  const inputs: { set?: InputSet } = {};
  const ctx: RunContext = {
    get config() {
      return state.config;
    },
    get sources() {
      return [...state.config.inputs.map((i) => i.name), ...(config.stdin ? [STDIN_SOURCE] : [])];
    },
    version: opts.version,
    knowledge: () => state.knowledge,
    positions: () => inputs.set?.positions() ?? [],
    log,
    inputsReady,
  };
  const attachments: RunAttachment[] = [];
  for (const extension of opts.extensions) attachments.push(await extension(ctx));
  const statsList = attachments.flatMap((a) => (a.stats ? [a.stats] : []));
  const stats = statsList.length === 0 ? noSourceStats : fanOutStats(...statsList);
  const sinks = attachments.flatMap((a) => (a.onEvent ? [a.onEvent] : []));
  const gates = attachments.flatMap((a) => (a.readGate ? [a.readGate] : []));
  const readGate = gates.length === 0 ? undefined : (): Promise<void> | undefined => {
    const waiting = gates.map((g) => g()).filter((p): p is Promise<void> => p !== undefined);
    return waiting.length === 0 ? undefined : Promise.all(waiting).then(() => undefined);
  };

  const files = new InputSet({ stats, log, readGate, rescanIntervalMs: config.rescanIntervalMs, rotateWaitMs: config.rotateWaitMs });
  inputs.set = files;
  const lineSources: Observable<LogLine>[] = [files.lines$];
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  let stdinEnded = false;
  const maybeEnded = (): void => {
    if (stdinEnded && files.size === 0) resolveEnded();
  };
  if (config.stdin) {
    const stdin$ = readStdin({ stats, stream: opts.stdin, readGate, onReadError: (err) => log(`Reading standard input failed (${err.message}); it is not read any more.`) });
    // merge() never completes while file inputs may still be added; the end of stdin is watched on its own.
    lineSources.push(stdin$.pipe(tap({ complete: () => { stdinEnded = true; maybeEnded(); } })));
  }

  const emit = (e: CodeEvent): void => {
    for (let i = 0; i < sinks.length; i++) sinks[i](e);
  };
  const subscription = merge(...lineSources)
    .pipe(toCodeEvents(() => state.knowledge, new UnknownCodes(), { onLineFailed: (line) => stats.linesDropped(line.source, 'malformed', 1) }))
    .subscribe({ next: emit });
  const resume = config.positionsFile ? loadPositions(config.positionsFile, log) : undefined;
  await files.start(config.inputs, resume);
  markInputsReady();

  const barrier = async (): Promise<void> => {
    await Promise.all(attachments.map((a) => a.flush?.()));
  };
  const checkpoints = config.positionsFile
    ? new CheckpointWriter({ file: config.positionsFile, snapshot: () => files.positions(), barrier, intervalMs: config.checkpointIntervalMs, stats, log })
    : undefined;
  checkpoints?.start();
  // The first checkpoint is not left for one interval: a process that crashes sooner (a crash loop) would
  // never move its positions and replay more on every start. Written once the start-up backlog is read.
  if (checkpoints) void files.caughtUp().then(() => checkpoints.write());
  if (!config.positionsFile && config.inputs.length > 0) log('No positions file is configured (--positions): after a restart, files present at start are read from their end.');

  let watcher: ReloadWatcher | undefined;
  const reloads = new HotReload({
    state, inputs: files, attachments, log, configFile: opts.configFile,
    onDirectoriesChanged: (c) => watcher?.retarget({ rulesDir: c.rulesDir, catalogDir: c.catalogDir, configFile: opts.configFile?.path }),
  });
  const reloadFailed = (err: unknown): void => log(`Reloading failed unexpectedly (${(err as Error).message}).`);
  if (opts.watch !== false) {
    watcher = new ReloadWatcher({
      targets: { rulesDir: config.rulesDir, catalogDir: config.catalogDir, configFile: opts.configFile?.path },
      debounceMs: opts.watch?.debounceMs, pollMs: opts.watch?.pollMs, clock: opts.watch?.clock,
      onChange: (kinds) => {
        log(`${describeChange(kinds)} changed on disk; reloading.`);
        reloads.request(kinds, 'file').then(() => maybeEnded(), reloadFailed);
      },
    });
    watcher.start();
  }

  let stopped: Promise<boolean> | undefined;
  return {
    ended,
    reload: () => reloads.request(new Set(['config', 'rules', 'catalog']), 'signal', true).then(() => maybeEnded()),
    stop(): Promise<boolean> {
      stopped ??= (async () => {
        watcher?.close();
        await reloads.idle();
        await files.stop();
        subscription.unsubscribe();
        const saved = (await checkpoints?.stop()) ?? true;
        await barrier();
        await Promise.all(attachments.map((a) => a.close?.()));
        return saved;
      })();
      return stopped;
    },
  };
}

function describeChange(kinds: ReadonlySet<WatchedKind>): string {
  const names: Record<WatchedKind, string> = { config: 'The run config', rules: 'The rules', catalog: 'The catalogs' };
  const list = (['config', 'rules', 'catalog'] as const).filter((k) => kinds.has(k)).map((k, i) => (i === 0 ? names[k] : names[k].toLowerCase()));
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}
