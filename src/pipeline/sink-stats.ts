// What sinks report about themselves: events handed on and events dropped, with a reason from a bounded
// set. The metrics sink implements it (errcode_sink_events_*), like SourceStats for sources.

export type SinkDropReason = 'queue_full' | 'rejected' | 'retries_exhausted' | 'closed';
export const SINK_DROP_REASONS: readonly SinkDropReason[] = ['queue_full', 'rejected', 'retries_exhausted', 'closed'];

export interface SinkStats {
  /** A sink exists: its series start at 0. */
  sinkAdded(sink: string): void;
  /** Events delivered by `sink` (acknowledged by its destination). */
  eventsSent(sink: string, count: number): void;
  /** Events `sink` gave up on. */
  eventsDropped(sink: string, reason: SinkDropReason, count: number): void;
}

export const noSinkStats: SinkStats = {
  sinkAdded: () => undefined,
  eventsSent: () => undefined,
  eventsDropped: () => undefined,
};

/** Forwards every hook to each of `targets`. */
export function fanOutSinkStats(...targets: readonly SinkStats[]): SinkStats {
  if (targets.length === 0) return noSinkStats;
  if (targets.length === 1) return targets[0];
  return {
    sinkAdded: (s) => targets.forEach((t) => t.sinkAdded(s)),
    eventsSent: (s, n) => targets.forEach((t) => t.eventsSent(s, n)),
    eventsDropped: (s, r, n) => targets.forEach((t) => t.eventsDropped(s, r, n)),
  };
}
