// The one topology, for `scan` and `run` alike: every source's lines merged -> toCodeEvents (extract ->
// enrich -> classify, failures counted) -> one shared event stream that each sink subscribes to, in order.
// The graph is connected only once every sink is subscribed, so no sink misses the first event. A sink
// with a read gate (a full stdout pipe) pauses the sources; a sink without one (the webhook, with its own
// bounded queue) never delays the others. Checkpoints wait only for the sinks that promise delivery, and
// are acknowledged per input (checkpoint-acks.ts): an input whose events are still in a slow sink holds
// back only its own position.
import { connectable, fromArray, mergeAll, Subject, takeUntil } from '../reactive/rxjs.js';
import type { Observable, Subscription } from 'rxjs';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import type { PositionRecord } from '../sources/files/positions-file.js';
import type { SourceStats } from '../sources/source-stats.js';
import { UnknownCodes } from '../transforms/enrich/unknown-codes.js';
import type { CodeEvent, LogLine } from '../types.js';
import { CheckpointAcks } from './checkpoint-acks.js';
import { toCodeEvents } from './code-event-pipeline.js';
import type { Sink, Source } from './components.js';

export interface TopologyOptions {
  readonly sources: readonly Source[];
  readonly sinks: readonly Sink[];
  /** The knowledge in use now; read per line, so a reload applies from the next line on. */
  readonly knowledge: () => Knowledge;
  readonly stats: SourceStats;
  readonly log: (sentence: string) => void;
  /**
   * Sources and sinks may be added and removed while it runs (run's config reload); the graph then ends only
   * at stop(). Default: fixed (scan).
   */
  readonly changeable?: boolean;
  /** The cardinality cap for non-catalog codes (default: 50 per family). */
  readonly cap?: UnknownCodes;
}

export interface Topology {
  /** Resolves when every source has ended by itself (a scan's inputs read to their end); rejects on a bug. */
  readonly ended: Promise<void>;
  /** Subscribes every sink, connects the graph, then starts every source; resolves once all are open. */
  start(): Promise<void>;
  /** Where each checkpointing source has read to. */
  positions(): PositionRecord[];
  /** The positions the sinks have acknowledged, per input: what a checkpoint may save. */
  readonly checkpoints: CheckpointAcks;
  /** Resolves once every event produced so far has left every sink that promises delivery. */
  flush(): Promise<void>;
  /** Changeable topologies: a source joins the running graph, then starts; resolves once it is being read. */
  addSource(source: Source): Promise<void>;
  /** Changeable topologies: stops a source (what it emitted stays delivered) and takes it out of the graph. */
  removeSource(source: Source): Promise<void>;
  /** Changeable topologies: a sink gets every event from now on. */
  addSink(sink: Sink): void;
  /** Changeable topologies: a sink gets no more events, is flushed and closed. */
  removeSink(sink: Sink): Promise<void>;
  /** Stops every source and disconnects the graph; the sinks stay open (a final checkpoint may follow). */
  stop(): Promise<void>;
  /** Closes every sink, after stop(). */
  close(): Promise<void>;
}

/** The sinks' combined backpressure for sources: a promise while any sink cannot take more. */
export function combinedReadGate(sinks: readonly Sink[]): (() => Promise<void> | undefined) | undefined {
  const gated = sinks.filter((s) => s.readGate !== undefined);
  if (gated.length === 0) return undefined;
  return () => {
    const waiting = gated.map((s) => s.readGate?.()).filter((p): p is Promise<void> => p !== undefined);
    return waiting.length === 0 ? undefined : Promise.all(waiting).then(() => undefined);
  };
}

export function buildTopology(opts: TopologyOptions): Topology {
  const sources = [...opts.sources];
  const sinks = [...opts.sinks];
  // A changeable graph (run) takes every source through one merge it can add to; a fixed one (scan) merges
  // its sources once, and one source needs no merge at all: one operator less per line.
  const added$ = new Subject<Observable<LogLine>>();
  const leaving = new Map<Source, Subject<void>>();
  const fixed = opts.sources.map((s) => s.lines$);
  const lines$ = opts.changeable ? added$.pipe(mergeAll()) : fixed.length === 1 && fixed[0] !== undefined ? fixed[0] : fromArray(fixed).pipe(mergeAll());
  const join = (source: Source): void => {
    const gone = new Subject<void>();
    leaving.set(source, gone);
    added$.next(source.lines$.pipe(takeUntil(gone)));
  };
  const events$ = connectable(lines$.pipe(toCodeEvents(opts.knowledge, opts.cap ?? new UnknownCodes(), { stats: opts.stats, log: opts.log })), {
    connector: () => new Subject<CodeEvent>(),
    resetOnDisconnect: false,
  });
  let resolveEnded: () => void = () => undefined;
  let rejectEnded: (err: unknown) => void = () => undefined;
  const ended = new Promise<void>((resolve, reject) => {
    resolveEnded = resolve;
    rejectEnded = reject;
  });
  // Only a bug ends the graph with an error (sources report read errors as counts); no unhandled rejection.
  ended.catch(() => undefined);
  const subscriptions: Subscription[] = [];
  const sinkSubscriptions = new Map<Sink, Subscription>();
  let counting: Subscription | undefined;
  let connection: Subscription | undefined;
  let stopped: Promise<void> | undefined;
  let closed: Promise<void> | undefined;
  const positions = (): PositionRecord[] => sources.flatMap((s) => (s.positions ? [...s.positions()] : []));
  const flush = async (): Promise<void> => {
    await Promise.all(sinks.map((s) => s.flush?.()));
  };
  const checkpoints = new CheckpointAcks({ positions, flush });
  const subscribeSink = (sink: Sink): void => {
    sinkSubscriptions.set(sink, events$.subscribe({ next: (e) => sink.write(e) }));
    // Events are numbered per input only once some sink promises delivery: the others never hold a checkpoint.
    if (sink.flush !== undefined) counting ??= events$.subscribe({ next: (e) => checkpoints.eventWritten(e.source) });
  };
  const changeable = (what: string): void => {
    if (!opts.changeable) throw new Error(`buildTopology: ${what} needs a changeable topology`);
    if (connection === undefined || stopped !== undefined) throw new Error(`buildTopology: ${what} only between start() and stop()`);
  };

  return {
    ended,
    checkpoints,
    async start(): Promise<void> {
      if (connection !== undefined) throw new Error('buildTopology: start() was called twice');
      for (const sink of sinks) subscribeSink(sink);
      subscriptions.push(events$.subscribe({ complete: () => resolveEnded(), error: (err: unknown) => rejectEnded(err) }));
      connection = events$.connect();
      if (opts.changeable) for (const source of sources) join(source);
      await Promise.all(sources.map((s) => s.start()));
    },
    async addSource(source: Source): Promise<void> {
      changeable('addSource');
      sources.push(source);
      join(source);
      await source.start();
    },
    async removeSource(source: Source): Promise<void> {
      changeable('removeSource');
      await source.stop();
      leaving.get(source)?.next();
      leaving.delete(source);
      const i = sources.indexOf(source);
      if (i >= 0) sources.splice(i, 1);
    },
    addSink(sink: Sink): void {
      changeable('addSink');
      sinks.push(sink);
      subscribeSink(sink);
    },
    async removeSink(sink: Sink): Promise<void> {
      changeable('removeSink');
      sinkSubscriptions.get(sink)?.unsubscribe();
      sinkSubscriptions.delete(sink);
      const i = sinks.indexOf(sink);
      if (i >= 0) sinks.splice(i, 1);
      await sink.flush?.();
      await sink.close();
    },
    positions,
    flush,
    stop(): Promise<void> {
      stopped ??= (async () => {
        await Promise.all(sources.map((s) => s.stop()));
        added$.complete();
        connection?.unsubscribe();
        for (const s of [...subscriptions, ...sinkSubscriptions.values()]) s.unsubscribe();
        counting?.unsubscribe();
      })();
      return stopped;
    },
    close(): Promise<void> {
      closed ??= Promise.all(sinks.map((s) => s.close())).then(() => undefined);
      return closed;
    },
  };
}
