// The webhook sink against a real HTTP server on loopback: fatal events POSTed as JSON in order, retries
// with backoff on 5xx and refused connections, no retry on 4xx, a bounded queue whose overflow is counted,
// and close() counting what it could not deliver. Polls with deadlines; asserts counts, never durations.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComponentContext } from '../../src/pipeline/components.js';
import type { SinkDropReason, SinkStats } from '../../src/pipeline/sink-stats.js';
import { systemClock } from '../../src/sources/files/clock.js';
import { webhookSinkType } from '../../src/sinks/webhook/webhook-sink.js';
import type { WebhookSinkConfig , WebhookSink} from '../../src/sinks/webhook/webhook-sink.js';
import type { CodeEvent, EventClass } from '../../src/types.js';
import { RecordingStats, waitFor } from '../sources/test-helpers.js';

class RecordingSinkStats implements SinkStats {
  readonly added: string[] = [];
  sent = 0;
  readonly dropped: Partial<Record<SinkDropReason, number>> = {};
  sinkAdded(sink: string): void {
    this.added.push(sink);
  }
  eventsSent(_sink: string, count: number): void {
    this.sent += count;
  }
  eventsDropped(_sink: string, reason: SinkDropReason, count: number): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + count;
  }
}

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

const servers: Server[] = [];
const sinks: WebhookSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  })));
});

/** A server that answers each request with the next status of `statuses` (the last one repeats); `hang`: never answers. */
async function serve(statuses: readonly number[] | 'hang'): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as unknown });
      if (statuses === 'hang') return;
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

function makeSink(config: Omit<WebhookSinkConfig, 'type' | 'name'>): { sink: WebhookSink; stats: RecordingSinkStats; logs: string[] } {
  const stats = new RecordingSinkStats();
  const logs: string[] = [];
  const ctx: ComponentContext = { stats: new RecordingStats(), sinkStats: stats, log: (s) => logs.push(s), clock: systemClock };
  const sink = webhookSinkType.create(webhookSinkType.schema.parse({ type: 'webhook', name: 'oncall', ...config }), ctx) as WebhookSink;
  sinks.push(sink);
  return { sink, stats, logs };
}

function event(code: string, cls: EventClass = 'fatal'): CodeEvent {
  return { family: 'aclnn', code, name: '', class: cls, classBasis: 'policy', rule: 'r', raw: code, labels: { api: 'aclnnAdd' }, source: 'device', path: '/var/log/a.log', lineNo: 7, line: `error code is ${code}` };
}

describe('webhook sink', () => {
  it('POSTs each fatal event as one JSON object, in order, with its headers; other classes are not sent', async () => {
    const server = await serve([200]);
    const { sink, stats } = makeSink({ url: server.url, headers: { authorization: 'Bearer t0ken' } });
    expect(stats.added).toEqual(['oncall']);
    for (const e of [event('161002'), event('161001', 'retryable'), event('561003'), event('999', 'unknown')]) sink.write(e);
    await waitFor('two events sent', () => stats.sent === 2, { state: () => stats });
    expect(server.received.map((r) => r.body)).toEqual([event('161002'), event('561003')]);
    expect(server.received.map((r) => [r.headers['content-type'], r.headers.authorization])).toEqual([
      ['application/json', 'Bearer t0ken'],
      ['application/json', 'Bearer t0ken'],
    ]);
    expect(stats.dropped).toEqual({});
  });

  it('sends the classes it is configured for', async () => {
    const server = await serve([204]);
    const { sink, stats } = makeSink({ url: server.url, classes: ['retryable', 'unknown'] });
    for (const e of [event('1'), event('2', 'retryable'), event('3', 'unknown'), event('4', 'success')]) sink.write(e);
    await waitFor('two events sent', () => stats.sent === 2, { state: () => stats });
    expect(server.received.map((r) => (r.body as CodeEvent).code)).toEqual(['2', '3']);
  });

  it('retries a 503 and a 429 with backoff, then delivers; the next event waits its turn', async () => {
    const server = await serve([503, 429, 200]);
    const { sink, stats, logs } = makeSink({ url: server.url, retry_delay: 10, max_retries: 5 });
    sink.write(event('1'));
    sink.write(event('2'));
    await waitFor('both sent', () => stats.sent === 2, { state: () => ({ stats, n: server.received.length }) });
    expect(server.received.map((r) => (r.body as CodeEvent).code)).toEqual(['1', '1', '1', '2']);
    expect(logs).toEqual(['The webhook oncall answered 503; retrying with backoff.']);
  });

  it('drops an event the endpoint refuses with a 4xx, without retrying, and goes on', async () => {
    const server = await serve([400, 200]);
    const { sink, stats } = makeSink({ url: server.url, retry_delay: 10 });
    sink.write(event('1'));
    sink.write(event('2'));
    await waitFor('one sent', () => stats.sent === 1, { state: () => stats });
    expect(stats.dropped).toEqual({ rejected: 1 });
    expect(server.received).toHaveLength(2);
  });

  it('gives up after max_retries on a refused connection and counts it', async () => {
    const gone = await serve([200]);
    const url = gone.url;
    await new Promise<void>((resolve) => servers.splice(0)[0]?.close(() => resolve()));
    const { sink, stats, logs } = makeSink({ url, retry_delay: 5, max_retries: 2 });
    sink.write(event('1'));
    await waitFor('dropped', () => stats.dropped.retries_exhausted === 1, { state: () => stats });
    expect(stats.sent).toBe(0);
    expect(logs[0]).toMatch(/^The webhook oncall could not be reached \(fetch failed: .*ECONNREFUSED.*\); retrying with backoff\.$/);
  });

  it('bounds its queue: beyond queue_size events are dropped and counted; close() counts what is left', async () => {
    const server = await serve('hang');
    const { sink, stats } = makeSink({ url: server.url, queue_size: 2, timeout: 200 });
    for (let i = 0; i < 5; i++) sink.write(event(String(i)));
    expect(sink.pending).toBe(2);
    expect(stats.dropped).toEqual({ queue_full: 3 });
    await waitFor('the first POST arrived', () => server.received.length === 1);
    await sink.close();
    expect(stats.dropped).toEqual({ queue_full: 3, closed: 2 });
    expect(sink.pending).toBe(0);
    sink.write(event('late'));
    expect(stats.dropped).toEqual({ queue_full: 3, closed: 3 });
    expect(stats.sent).toBe(0);
  });

  it('refuses a config with a non-http URL, an unknown class or an unknown key', () => {
    const r = webhookSinkType.schema.safeParse({ type: 'webhook', name: 'oncall', url: 'ftp://x', classes: ['fatal', 'boring'], retries: 3 });
    expect(r.error?.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['invalid_format', 'url'],
      ['invalid_value', 'classes.1'],
      ['unrecognized_keys', ''],
    ]);
  });
});
