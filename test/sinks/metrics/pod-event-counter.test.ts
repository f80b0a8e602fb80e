import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ExporterMetrics } from '../../../src/sinks/metrics/exporter-metrics.js';
import { renderExposition } from '../../../src/sinks/metrics/render-exposition.js';
import type { CodeEvent, PodRef } from '../../../src/types.js';
import { fakeCatalog } from './fake-catalog.js';
import { parseExposition, select } from './parse-exposition.js';

function event(code: string, pod: PodRef | undefined): CodeEvent {
  const e = { family: 'aclnn', code, name: '', class: 'fatal' as const, classBasis: 'policy', rule: 't', raw: code, labels: {}, source: 'pods', path: '/x.log', lineNo: 1, line: '' };
  return pod === undefined ? e : { ...e, pod };
}

const pod = (name: string): PodRef => ({ namespace: 'train', pod: name, container: 'worker' });

async function podSeries(registry: Registry): Promise<string[]> {
  return select(parseExposition(await renderExposition(registry)), 'errcode_pod_events_total')
    .map((s) => `${s.labels.namespace}/${s.labels.pod} ${s.labels.code} ${s.labels.class} ${s.labels.source} = ${s.value}`).sort();
}

describe('errcode_pod_events_total', () => {
  it('has no series before an event from a pod, none for host lines, one per pod and code after', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { sources: ['pods'], processMetrics: false });
    metrics.setCatalog(fakeCatalog([{ family: 'aclnn', code: '161002', name: '', class: 'fatal' }]));
    expect(await podSeries(registry)).toEqual([]);
    metrics.recordEvent(event('161002', undefined));
    metrics.recordEvent(event('161002', pod('vllm-0')));
    metrics.recordEvent(event('161002', pod('vllm-0')));
    metrics.recordEvent(event('161002', pod('vllm-1')));
    expect(await podSeries(registry)).toEqual(['train/vllm-0 161002 fatal pods = 2', 'train/vllm-1 161002 fatal pods = 1']);
  });

  it('keeps at most maxPods pods: the one seen least recently gives up its series', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { sources: ['pods'], processMetrics: false, maxPods: 2 });
    metrics.recordEvent(event('161002', pod('a')));
    metrics.recordEvent(event('161002', pod('b')));
    metrics.recordEvent(event('161001', pod('a')));
    metrics.recordEvent(event('161002', pod('c')));
    expect(await podSeries(registry)).toEqual(['train/a 161001 fatal pods = 1', 'train/a 161002 fatal pods = 1', 'train/c 161002 fatal pods = 1']);
    const stamps = select(parseExposition(await renderExposition(registry)), 'errcode_pod_last_event_timestamp_seconds');
    expect(stamps.map((s) => `${s.labels.pod} ${s.labels.code}`).sort()).toEqual(['a 161001', 'a 161002', 'c 161002']);
  });
});
