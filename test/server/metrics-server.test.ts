import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Gauge, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsServer } from '../../src/server/metrics-server.js';
import type { MetricsServerOptions } from '../../src/server/metrics-server.js';
import { ExporterMetrics } from '../../src/sinks/metrics/exporter-metrics.js';
import { httpGet } from './http-get.js';

const servers: MetricsServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(opts: Partial<MetricsServerOptions> = {}): Promise<{ server: MetricsServer; url: string; registry: Registry }> {
  const registry = opts.registry ?? new Registry();
  if (opts.registry === undefined) new ExporterMetrics(registry, { sources: ['device'], processMetrics: false, version: '1.2.3' });
  const server = new MetricsServer({ listenAddress: '127.0.0.1:0', version: '1.2.3', ...opts, registry });
  servers.push(server);
  const { url } = await server.start();
  return { server, url, registry };
}

/** Resolves when `socket` is closed, or rejects after `ms`. */
function closedWithin(socket: Socket, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve();
    const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function openSocket(url: string): Promise<Socket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: u.hostname, port: Number(u.port) }, () => resolve(s));
    s.on('error', () => undefined);
    s.once('error', reject);
    sockets.push(s);
  });
}

describe('MetricsServer endpoints', () => {
  it('serves Prometheus text by default and OpenMetrics when asked, gzip when accepted', async () => {
    const { url } = await startServer();
    const text = await httpGet(`${url}/metrics`);
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text.text).toContain('# TYPE errcode_lines_read_total counter\nerrcode_lines_read_total{source="device"} 0\n');

    const om = await httpGet(`${url}/metrics`, {
      headers: { Accept: 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' },
    });
    expect(om.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(om.text).toContain('# TYPE errcode_lines_read counter\n');
    expect(om.text.endsWith('# EOF\n')).toBe(true);

    const zipped = await httpGet(`${url}/metrics`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(text.text);
  });

  it('answers /healthz, /readyz from the injected callback, the index, 404, 405 and HEAD', async () => {
    let ready: boolean | { ready: boolean; reason: string } = { ready: false, reason: 'catalogs not loaded yet' };
    const { url } = await startServer({ ready: () => ready });
    expect([(await httpGet(`${url}/healthz`)).status, (await httpGet(`${url}/healthz`)).text]).toEqual([200, 'ok\n']);
    const notReady = await httpGet(`${url}/readyz`);
    expect([notReady.status, notReady.text]).toEqual([503, 'not ready: catalogs not loaded yet\n']);
    ready = true;
    expect((await httpGet(`${url}/readyz`)).status).toBe(200);
    const index = await httpGet(`${url}/`);
    expect([index.status, index.headers['content-type'], index.text.split('\n')[0]]).toEqual([200, 'text/plain; charset=utf-8', 'errcode-exporter 1.2.3']);
    expect((await httpGet(`${url}/nope`)).status).toBe(404);
    const post = await httpGet(`${url}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
    const head = await httpGet(`${url}/metrics`, { method: 'HEAD' });
    expect([head.status, head.body.length, Number(head.headers['content-length']) > 0]).toEqual([200, 0, true]);
  });

  it('starts and closes idempotently, and close before start is harmless', async () => {
    const registry = new Registry();
    const never = new MetricsServer({ registry, listenAddress: '127.0.0.1:0' });
    await never.close();
    const server = new MetricsServer({ registry, listenAddress: '127.0.0.1:0' });
    const [a, b] = await Promise.all([server.start(), server.start()]);
    expect(a).toBe(b);
    expect(a.port).toBeGreaterThan(0);
    await Promise.all([server.close(), server.close()]);
    await server.close();
    await expect(httpGet(`${a.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('serves the exposition on --web.telemetry-path instead of /metrics', async () => {
    const { url } = await startServer({ telemetryPath: '/x/metrics' });
    const [moved, old] = await Promise.all([httpGet(`${url}/x/metrics`), httpGet(`${url}/metrics`)]);
    expect([moved.status, old.status, old.text]).toEqual([200, 404, 'Not found. Try /x/metrics, /healthz or /readyz.\n']);
    expect(moved.text).toContain('# TYPE ');
  });

  it('refuses a malformed listen address at construction', () => {
    expect(() => new MetricsServer({ registry: new Registry(), listenAddress: 'localhost' })).toThrow(/is not host:port/);
  });
});

describe('MetricsServer under abuse', () => {
  it('collects one scrape at a time and answers 503 beyond the queue', async () => {
    const registry = new Registry();
    let inFlight = 0;
    let maxInFlight = 0;
    let release: () => void = () => undefined;
    let gate = new Promise<void>((r) => (release = r));
    let collectStarted: () => void = () => undefined;
    const started = new Promise<void>((r) => (collectStarted = r));
    new Gauge({
      name: 'slow_gauge',
      help: 'Collects slowly.',
      registers: [registry],
      async collect() {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        collectStarted();
        await gate;
        this.set(1);
        inFlight--;
      },
    });
    const { url } = await startServer({ registry, limits: { maxQueuedScrapes: 2 } });
    const first = httpGet(`${url}/metrics`);
    await started;
    const others = [httpGet(`${url}/metrics`), httpGet(`${url}/metrics`)];
    const rejected = await Promise.race(others);
    expect(rejected.status).toBe(503);
    gate = Promise.resolve();
    release();
    const statuses = [(await first).status, ...(await Promise.all(others)).map((r) => r.status)].sort();
    expect(statuses).toEqual([200, 200, 503]);
    expect(maxInFlight).toBe(1);
  });

  it('closes a connection that never finishes its headers, while others are served', async () => {
    const { url } = await startServer({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, timeoutCheckIntervalMs: 100 } });
    const slow = await openSocket(url);
    slow.write('GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect((await httpGet(`${url}/healthz`)).status).toBe(200);
    await closedWithin(slow, 5_000);
  });

  it('closes idle connections and drops connections beyond the cap', async () => {
    const { url } = await startServer({ limits: { maxConnections: 2, idleTimeoutMs: 400 } });
    const a = await openSocket(url);
    const b = await openSocket(url);
    const c = await openSocket(url);
    await closedWithin(c, 5_000);
    expect([a.destroyed, b.destroyed]).toEqual([false, false]);
    await Promise.all([closedWithin(a, 5_000), closedWithin(b, 5_000)]);
    expect((await httpGet(`${url}/healthz`)).status).toBe(200);
  });
});
