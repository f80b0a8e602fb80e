// The live topology: tailed files and stdin -> LogLine -> toCodeEvents -> every attached sink, with
// checkpoints written behind the sinks. stop() stops reading, writes the final checkpoint, closes sinks;
// reload() (SIGHUP) reloads knowledge (keeping the old on failure) and reopens and re-scans the files.
import type { Readable } from 'node:stream';
import { merge, type Observable } from 'rxjs';
import type { RunConfig } from '../config/load-run-config.js';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import { LoadErrors, formatLoadError } from '../load/load-error.js';
import { toCodeEvents } from '../pipeline/code-event-pipeline.js';
import { fanOutStats } from '../sinks/report/scan-stats.js';
import { CheckpointWriter } from '../sources/files/checkpoint-writer.js';
import { loadPositions } from '../sources/files/positions-file.js';
import { FileTailSource } from '../sources/files/tail-files.js';
import { noSourceStats } from '../sources/source-stats.js';
import { readStdin, STDIN_SOURCE } from '../sources/stdin/read-stdin.js';
import { UnknownCodes } from '../transforms/enrich/unknown-codes.js';
import type { CodeEvent, LogLine } from '../types.js';
import type { RunAttachment, RunContext, RunExtension } from './run-context.js';

export interface StartRunOptions {
  readonly config: RunConfig;
  readonly knowledge: Knowledge;
  /** Loads knowledge again for a reload; throws LoadErrors. */
  readonly loadKnowledge: () => Knowledge;
  readonly extensions: readonly RunExtension[];
  readonly version: string;
  readonly log: (sentence: string) => void;
  readonly stdin?: Readable;
}

export interface RunningExporter {
  /** Resolves when every source ended by itself (only standard input can). */
  readonly ended: Promise<void>;
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRun(opts: StartRunOptions): Promise<RunningExporter> {
  const { config, log } = opts;
  let knowledge = opts.knowledge;
  let files: FileTailSource | undefined;
  let markInputsReady: () => void = () => undefined;
  const inputsReady = new Promise<void>((resolve) => (markInputsReady = resolve));
  const ctx: RunContext = {
    config,
    sources: [...config.inputs.map((i) => i.name), ...(config.stdin ? [STDIN_SOURCE] : [])],
    version: opts.version,
    knowledge: () => knowledge,
    positions: () => files?.positions() ?? [],
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

  const resume = config.positionsFile ? loadPositions(config.positionsFile, log) : undefined;
  if (config.inputs.length > 0) {
    files = new FileTailSource({
      inputs: config.inputs, resume, stats, log, readGate,
      rescanIntervalMs: config.rescanIntervalMs, rotateWaitMs: config.rotateWaitMs,
    });
  }
  const lineSources: Observable<LogLine>[] = [];
  if (files) lineSources.push(files.lines$);
  if (config.stdin) {
    lineSources.push(readStdin({ stats, stream: opts.stdin, readGate, onReadError: (err) => log(`Reading standard input failed (${err.message}); it is not read any more.`) }));
  }

  const emit = (e: CodeEvent): void => {
    for (let i = 0; i < sinks.length; i++) sinks[i](e);
  };
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const subscription = merge(...lineSources)
    .pipe(toCodeEvents(() => knowledge, new UnknownCodes(), { onLineFailed: (line) => stats.linesDropped(line.source, 'malformed', 1) }))
    .subscribe({ next: emit, complete: () => resolveEnded() });
  await files?.ready;
  markInputsReady();

  const barrier = async (): Promise<void> => {
    await Promise.all(attachments.map((a) => a.flush?.()));
  };
  const checkpoints = config.positionsFile && files
    ? new CheckpointWriter({ file: config.positionsFile, snapshot: () => files.positions(), barrier, intervalMs: config.checkpointIntervalMs, stats, log })
    : undefined;
  checkpoints?.start();
  if (!config.positionsFile && files) log('No positions file is configured (--positions): after a restart, files present at start are read from their end.');

  let stopped: Promise<void> | undefined;
  return {
    ended,
    async reload(): Promise<void> {
      try {
        knowledge = opts.loadKnowledge();
        log(`Reloaded rules and catalogs (version ${knowledge.version}).`);
        for (const a of attachments) a.onKnowledge?.(knowledge);
      } catch (err) {
        if (!(err instanceof LoadErrors)) throw err;
        log(`Reloading rules and catalogs failed; the previous ones stay in use:\n${err.errors.map(formatLoadError).join('\n')}`);
        for (const a of attachments) a.onKnowledgeFailed?.(err);
      }
      await files?.reopen();
    },
    stop(): Promise<void> {
      stopped ??= (async () => {
        await files?.stop();
        subscription.unsubscribe();
        await checkpoints?.stop();
        await barrier();
        await Promise.all(attachments.map((a) => a.close?.()));
      })();
      return stopped;
    },
  };
}
