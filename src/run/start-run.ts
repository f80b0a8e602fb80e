// The live run: tailed files (one FileTailSource per input), stdin and the configured sources (exec, ...)
// -> the topology both commands build (pipeline/build-topology.ts) -> every attached sink (metrics and status
// page, --events) and the configured ones (webhook, ...), with checkpoints written behind the sinks that
// promise delivery. stop() stops reading, writes the final checkpoint,
// closes sinks. Rules, catalogs and the run config reload when their files change and on reload() (SIGHUP,
// which also reopens and re-scans the files); see hot-reload.ts.
import type { Readable } from 'node:stream';
import { tap } from '../reactive/rxjs.js';
import type { RunConfig } from '../config/load-run-config.js';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import { buildTopology, combinedReadGate } from '../pipeline/build-topology.js';
import { componentName } from '../pipeline/component-config.js';
import { SINK_TYPES, SOURCE_TYPES } from '../pipeline/component-registry.js';
import type { ComponentContext, Sink, Source, SourceDescription } from '../pipeline/components.js';
import { createSink, createSource } from '../pipeline/create-component.js';
import { fanOutSinkStats } from '../pipeline/sink-stats.js';
import { fanOutStats } from '../sinks/report/scan-stats.js';
import { CheckpointWriter } from '../sources/files/checkpoint-writer.js';
import type { Clock } from '../sources/files/clock.js';
import { systemClock } from '../sources/files/clock.js';
import { loadPositions } from '../sources/files/positions-file.js';
import { noSourceStats } from '../sources/source-stats.js';
import { STDIN_SOURCE } from '../sources/stdin/read-stdin.js';
import { stdinSource } from '../sources/stdin/stdin-source.js';
import { FILES_SOURCE_KIND, filesSource } from './files-source.js';
import type { ConfigChange } from './config-change.js';
import { HotReload } from './hot-reload.js';
import type { ReloadableState } from './hot-reload.js';
import { InputSet } from './input-set.js';
import { ReloadWatcher } from './reload-watcher.js';
import { describeReloadKinds, SIGNAL_RELOAD } from './reload.js';
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
  /** Sentences only --log.level debug shows (files discovered, rotated, released). */
  readonly debug?: (sentence: string) => void;
  readonly stdin?: Readable;
  /**
   * Time for every timer of the run (tailing, partial lines, checkpoints, reload debounce, exec restarts,
   * webhook retries); tests pass a hand-driven clock and run `run` in-process. Default: the system clock.
   */
  readonly clock?: Clock;
  /** Wall-clock milliseconds for the positions file (file birth times are compared with it). */
  readonly wallNow?: () => number;
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
      return [
        ...state.config.inputs.map((i) => i.name),
        ...(config.stdin ? [STDIN_SOURCE] : []),
        ...(state.config.sources ?? []).map((section) => componentName(SOURCE_TYPES, section)),
      ];
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
  const sinkStats = fanOutSinkStats(...attachments.flatMap((a) => (a.sinkStats ? [a.sinkStats] : [])));
  const clock = opts.clock ?? systemClock;

  // The sinks: every attachment (metrics and status page, --events) in order, then the configured ones.
  const sinks: Sink[] = attachments.map((a, i) => attachmentSink(a, i));
  const baseCtx = { stats, sinkStats, log, clock };
  // Configured sinks and sources by name, as a config reload finds them.
  const configuredSinks = new Map<string, Sink>();
  const configuredSources = new Map<string, Source>();
  for (const section of config.sinks ?? []) configuredSinks.set(componentName(SINK_TYPES, section), createSink(section, baseCtx));
  sinks.push(...configuredSinks.values());
  // Decided once: a sink a reload adds has no say in backpressure (the one registered kind, webhook, has its own bounded queue).
  const readGate = combinedReadGate(sinks);
  const componentCtx: ComponentContext = { ...baseCtx, readGate };

  const files = new InputSet({ stats, log, debug: opts.debug, readGate, rescanIntervalMs: config.rescanIntervalMs, rotateWaitMs: config.rotateWaitMs, clock: opts.clock, wallNow: opts.wallNow });
  inputs.set = files;
  const resume = config.positionsFile ? loadPositions(config.positionsFile, log) : undefined;
  const sources: Source[] = [filesSource(files, () => ({ inputs: config.inputs, resume }))];
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  let stdinEnded = false;
  const maybeEnded = (): void => {
    if (stdinEnded && files.size === 0 && configuredSources.size === 0) resolveEnded();
  };
  if (config.stdin) {
    const stdin = stdinSource({ stats, stream: opts.stdin, readGate, clock: opts.clock, onReadError: (err) => log(`Reading standard input failed (${err.message}); it is not read any more.`) });
    // The topology never ends while file inputs may still be added; the end of stdin is watched on its own.
    sources.push({ ...stdin, lines$: stdin.lines$.pipe(tap({ complete: () => { stdinEnded = true; maybeEnded(); } })) });
  }
  const stdinSources = [...sources.slice(1)];
  for (const section of config.sources ?? []) configuredSources.set(componentName(SOURCE_TYPES, section), createSource(section, componentCtx));
  sources.push(...configuredSources.values());

  const topology = buildTopology({ sources, sinks, knowledge: () => state.knowledge, stats, log, changeable: true });
  await topology.start();
  // What the run reads, told to the attachments (the telemetry the status page reads) now and after each
  // config reload: the page lists every source without ever calling into one.
  const describeSources = (): void => {
    const list: SourceDescription[] = [
      ...state.config.inputs.map((i) => ({ name: i.name, kind: FILES_SOURCE_KIND, include: i.include })),
      ...stdinSources.map((s) => s.describe()),
      ...(state.config.sources ?? []).flatMap((section) => configuredSources.get(componentName(SOURCE_TYPES, section))?.describe() ?? []),
    ];
    for (const a of attachments) a.onSources?.(list);
  };
  describeSources();
  markInputsReady();

  // Positions are saved per input once the sinks that promise delivery (--events) have its events; an input
  // whose events wait in a slow sink holds back only its own position (pipeline/checkpoint-acks.ts).
  const acks = topology.checkpoints;
  const checkpoints = config.positionsFile
    ? new CheckpointWriter({
      file: config.positionsFile, intervalMs: config.checkpointIntervalMs, stats, log, clock: opts.clock, wallNow: opts.wallNow,
      snapshot: () => acks.positions(),
      held: () => acks.acknowledged()?.then(() => acks.acknowledgedPositions()),
    })
    : undefined;
  checkpoints?.start();
  // The first checkpoint is not left for one interval: a process that crashes sooner (a crash loop) would
  // never move its positions and replay more on every start. Written once the start-up backlog is read.
  if (checkpoints) void files.caughtUp().then(() => checkpoints.write());
  if (!config.positionsFile && config.inputs.length > 0) log('No positions file is configured (--positions): after a restart, files present at start are read from their end.');

  // A reloaded config's live changes: file inputs, then sources and sinks by name (config-change.ts).
  const apply = async (change: ConfigChange): Promise<string[]> => {
    const applied = await files.apply(change.effective.inputs);
    const notes = [
      ...applied.started.map((name) => `Input ${name} started.`),
      ...applied.stopped.map((name) => `Input ${name} stopped: its files are closed and its positions are no longer saved.`),
      ...applied.restarted.map((name) => `Input ${name} restarted from its positions (its settings or the input its files belong to changed).`),
    ];
    const { sources: sourceChanges, sinks: sinkChanges } = change;
    for (const name of [...sourceChanges.removed, ...sourceChanges.changed]) {
      const old = configuredSources.get(name);
      configuredSources.delete(name);
      if (old) await topology.removeSource(old);
    }
    const starting: Source[] = [];
    for (const section of change.effective.sources ?? []) {
      const name = componentName(SOURCE_TYPES, section);
      if (configuredSources.has(name)) continue;
      const source = createSource(section, componentCtx);
      configuredSources.set(name, source);
      starting.push(source);
    }
    // Described before they start: a new source's label exists before its first line.
    describeSources();
    for (const source of starting) await topology.addSource(source);
    for (const name of [...sinkChanges.removed, ...sinkChanges.changed]) {
      const old = configuredSinks.get(name);
      configuredSinks.delete(name);
      if (old) await topology.removeSink(old);
    }
    for (const section of change.effective.sinks ?? []) {
      const name = componentName(SINK_TYPES, section);
      if (configuredSinks.has(name)) continue;
      const sink = createSink(section, baseCtx);
      configuredSinks.set(name, sink);
      topology.addSink(sink);
    }
    notes.push(
      ...sourceChanges.added.map((name) => `Source ${name} started.`),
      ...sourceChanges.removed.map((name) => `Source ${name} stopped.`),
      ...sourceChanges.changed.map((name) => `Source ${name} restarted (its settings changed).`),
      ...sinkChanges.added.map((name) => `Sink ${name} started.`),
      ...sinkChanges.removed.map((name) => `Sink ${name} stopped: what it held was flushed.`),
      ...sinkChanges.changed.map((name) => `Sink ${name} restarted (its settings changed).`),
    );
    return notes;
  };

  let watcher: ReloadWatcher | undefined;
  const reloads = new HotReload({
    state, apply, reopen: () => files.reopen(), attachments, log, configFile: opts.configFile,
    onDirectoriesChanged: (c) => watcher?.retarget({ rulesDir: c.rulesDir, catalogDir: c.catalogDir, configFile: opts.configFile?.path }),
  });
  const reloadFailed = (err: unknown): void => log(`Reloading failed unexpectedly (${(err as Error).message}).`);
  if (opts.watch !== false) {
    watcher = new ReloadWatcher({
      targets: { rulesDir: config.rulesDir, catalogDir: config.catalogDir, configFile: opts.configFile?.path },
      debounceMs: opts.watch?.debounceMs, pollMs: opts.watch?.pollMs, clock: opts.watch?.clock ?? opts.clock,
      onChange: (kinds) => {
        log(`${describeReloadKinds(kinds)} changed on disk; reloading.`);
        reloads.request({ kinds, trigger: 'file', reopen: false }).then(() => maybeEnded(), reloadFailed);
      },
    });
    watcher.start();
  }

  let stopped: Promise<boolean> | undefined;
  return {
    ended,
    reload: () => reloads.request(SIGNAL_RELOAD).then(() => maybeEnded()),
    stop(): Promise<boolean> {
      stopped ??= (async () => {
        watcher?.close();
        await reloads.idle();
        await topology.stop();
        const saved = (await checkpoints?.stop()) ?? true;
        await topology.flush();
        await topology.close();
        return saved;
      })();
      return stopped;
    },
  };
}

/** An extension's attachment as a sink of the topology (its hooks besides events stay with HotReload). */
function attachmentSink(a: RunAttachment, index: number): Sink {
  const { onEvent, flush, readGate, close } = a;
  return {
    name: `attachment-${index}`,
    write: onEvent ?? (() => undefined),
    ...(flush ? { flush } : {}),
    ...(readGate ? { readGate } : {}),
    close: () => close?.() ?? Promise.resolve(),
  };
}
