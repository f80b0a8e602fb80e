// errcode_pod_events_total and errcode_pod_last_event_timestamp_seconds: which pods codes came from and
// when last, so an alert can name the pod (a fresh series has no increase() to see; its timestamp says
// "in the last 5 minutes" without any history in Prometheus). Bounded per
// node: a series is born with its first event (no zero series: pods come and go), only codes already
// bounded by errcode_events_total are used, and at most `maxPods` pods hold series at once; the pod seen
// least recently gives its series up for a new one (Prometheus marks them stale; a pod that comes back
// is counted from 0, which the alert rules treat as a new occurrence, as it is). Container names stay
// off the labels (on events and the status page instead): a pod's containers would multiply series for
// no alerting decision.
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { CodeEvent } from '../../types.js';

type PodEventLabel = 'family' | 'code' | 'class' | 'source' | 'namespace' | 'pod';

export const DEFAULT_MAX_PODS = 64;

export class PodEventCounter {
  private readonly counter: Counter<PodEventLabel>;
  private readonly lastEvent: Gauge<PodEventLabel>;
  private readonly now: () => number;
  private readonly maxPods: number;
  /** namespace\0pod -> its label sets; Map order is recency (re-inserted on use). */
  private readonly pods = new Map<string, Map<string, Record<PodEventLabel, string>>>();

  constructor(registry: Registry, maxPods: number = DEFAULT_MAX_PODS, now: () => number = Date.now) {
    this.now = now;
    if (!Number.isInteger(maxPods) || maxPods < 1) throw new RangeError(`maxPods must be a positive integer, got ${maxPods}`);
    this.maxPods = maxPods;
    this.counter = new Counter({
      name: 'errcode_pod_events_total',
      help: 'Events from container logs by family, code, class, source, namespace and pod; born at the first event, at most a bounded number of pods per exporter.',
      labelNames: ['family', 'code', 'class', 'source', 'namespace', 'pod'],
      registers: [registry],
    });
    this.lastEvent = new Gauge({
      name: 'errcode_pod_last_event_timestamp_seconds',
      help: 'When the exporter last counted an event of this code from this pod (its clock, Unix seconds); same series as errcode_pod_events_total.',
      labelNames: ['family', 'code', 'class', 'source', 'namespace', 'pod'],
      registers: [registry],
    });
  }

  /** Counts an event that carries a pod; others are ignored. `code` must already be bounded (the caller's). */
  record(e: CodeEvent, code: string): void {
    const ref = e.pod;
    if (ref === undefined) return;
    const podKey = `${ref.namespace}\0${ref.pod}`;
    let series = this.pods.get(podKey);
    if (series === undefined) {
      this.evictIfFull();
      series = new Map();
    } else {
      this.pods.delete(podKey);
    }
    this.pods.set(podKey, series);
    const id = `${e.family}\0${code}\0${e.class}\0${e.source}`;
    let labels = series.get(id);
    if (labels === undefined) {
      labels = { family: e.family, code, class: e.class, source: e.source, namespace: ref.namespace, pod: ref.pod };
      series.set(id, labels);
    }
    this.counter.inc(labels, 1);
    this.lastEvent.set(labels, Math.floor(this.now() / 1000));
  }

  /** Pods holding series now. */
  get podCount(): number {
    return this.pods.size;
  }

  private evictIfFull(): void {
    if (this.pods.size < this.maxPods) return;
    const oldest = this.pods.entries().next().value;
    if (oldest === undefined) return;
    this.pods.delete(oldest[0]);
    for (const labels of oldest[1].values()) {
      this.counter.remove(labels);
      this.lastEvent.remove(labels);
    }
  }
}
