// Serves /metrics, /healthz, /readyz and a small index (or the status page and /api/status) over HTTP or
// HTTPS with optional basic auth.
// Bounded against slow and abusive clients: header/request/idle timeouts, a connection cap, and metric
// collection serialized with a short queue (extra scrapes get 503). start() and close() are idempotent.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Registry } from 'prom-client';
import type { HttpResponse, StatusRoutes } from '../status/status-routes.js';
import { CONTENT_TYPES, renderExposition } from '../sinks/metrics/render-exposition.js';
import { DEFAULT_TELEMETRY_PATH } from '../config/web-settings.js';
import { BasicAuth } from './basic-auth.js';
import { DEFAULT_LISTEN_ADDRESS, formatHostPort, parseListenAddress } from './listen-address.js';
import { negotiateFormat } from './negotiate-format.js';
import type { TlsSettings, WebConfig } from './web-config.js';

const gzipAsync = promisify(gzip);

export type Readiness = boolean | { readonly ready: boolean; readonly reason?: string };

export interface ServerLimits {
  /** Time a client gets to send complete request headers (slowloris). */
  readonly headersTimeoutMs: number;
  /** Time a client gets to send a whole request. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** A connection with no traffic at all for this long is closed. */
  readonly idleTimeoutMs: number;
  /** Connections beyond this are closed on accept. */
  readonly maxConnections: number;
  /** Scrapes collecting or waiting to collect; more get 503 instead of piling up. */
  readonly maxQueuedScrapes: number;
  /** How often Node checks the header and request timeouts. */
  readonly timeoutCheckIntervalMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 64,
  maxQueuedScrapes: 8,
  timeoutCheckIntervalMs: 1_000,
};

export interface MetricsServerOptions {
  readonly registry: Registry;
  /** `host:port`; `:port` for all interfaces; port 0 picks a free port. Default `:10135`. */
  readonly listenAddress?: string;
  readonly webConfig?: WebConfig;
  /** Asked on every /readyz; ready once catalogs and rules are loaded and inputs are open. */
  readonly ready?: () => Readiness;
  readonly version?: string;
  readonly limits?: Partial<ServerLimits>;
  readonly log?: (message: string) => void;
  /** The status page: served on `/` (instead of the plain-text index) and its data on `/api/status`. */
  readonly status?: StatusRoutes;
  /** Where the exposition is served (`--web.telemetry-path`); default `/metrics`. */
  readonly telemetryPath?: string;
}


export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:10135`. */
  readonly url: string;
}

export class MetricsServer {
  private readonly limits: ServerLimits;
  private readonly auth: BasicAuth;
  private readonly log: (message: string) => void;
  private server?: Server;
  private starting?: Promise<ServerAddress>;
  private closing?: Promise<void>;
  private scrapeChain: Promise<unknown> = Promise.resolve();
  private queuedScrapes = 0;

  constructor(private readonly opts: MetricsServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    parseListenAddress(opts.listenAddress ?? DEFAULT_LISTEN_ADDRESS);
    this.auth = new BasicAuth(opts.webConfig?.users ?? new Map());
    this.log = opts.log ?? ((m) => process.stderr.write(`${m}\n`));
  }

  /** Starts listening; calling it again returns the same address. */
  start(): Promise<ServerAddress> {
    this.starting ??= this.listen();
    return this.starting;
  }

  /** Stops listening and closes every open connection; safe to call more than once, or before start. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.starting === undefined) return;
      await this.starting.catch(() => undefined);
      const server = this.server;
      if (server === undefined || !server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return this.closing;
  }

  private async listen(): Promise<ServerAddress> {
    const { host, port } = parseListenAddress(this.opts.listenAddress ?? DEFAULT_LISTEN_ADDRESS);
    const tls = this.opts.webConfig?.tls;
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((err: unknown) => {
        this.log(`errcode-exporter: the ${req.url ?? '?'} request failed: ${err instanceof Error ? err.message : String(err)}.`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end();
      });
    };
    const common = {
      headersTimeout: this.limits.headersTimeoutMs,
      requestTimeout: this.limits.requestTimeoutMs,
      keepAliveTimeout: this.limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: this.limits.timeoutCheckIntervalMs,
      maxHeaderSize: 16 * 1024,
    };
    const server: Server = tls ? createHttpsServer({ ...common, ...tlsOptions(tls) }, handler) : createHttpServer(common, handler);
    if (tls) server.on('secureConnection', (socket: TLSSocket) => enforceClientCert(socket, tls));
    server.maxConnections = this.limits.maxConnections;
    server.timeout = this.limits.idleTimeoutMs;
    server.maxRequestsPerSocket = 1000;
    server.on('clientError', (_err, socket) => socket.destroy());
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: host === '' ? undefined : host, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.log(`errcode-exporter: the HTTP server failed: ${err.message}.`));
    const addr = server.address() as AddressInfo;
    const shownHost = host === '' ? 'localhost' : host;
    return { host: addr.address, port: addr.port, url: `${tls ? 'https' : 'http'}://${formatHostPort(shownHost, addr.port)}` };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    const headers = this.opts.webConfig?.headers ?? {};
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const path = (req.url ?? '/').split('?')[0];
    const telemetryPath = this.opts.telemetryPath ?? DEFAULT_TELEMETRY_PATH;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, req, 405, 'Only GET and HEAD are supported.\n', { Allow: 'GET, HEAD' });
      return;
    }
    if (!(await this.auth.check(req.headers.authorization))) {
      send(res, req, 401, 'Unauthorized.\n', { 'WWW-Authenticate': 'Basic realm="errcode-exporter", charset="UTF-8"' });
      return;
    }
    if (path === telemetryPath) {
      await this.serveMetrics(req, res);
      return;
    }
    switch (path) {
      case '/healthz':
        send(res, req, 200, 'ok\n');
        return;
      case '/readyz': {
        const r = this.readiness();
        send(res, req, r.ready ? 200 : 503, r.ready ? 'ready\n' : `not ready: ${r.reason ?? 'starting'}\n`);
        return;
      }
      case '/':
        if (this.opts.status) sendResponse(res, req, this.opts.status.page());
        else send(res, req, 200, this.index());
        return;
      case '/api/status':
        if (this.opts.status) sendResponse(res, req, await this.opts.status.api());
        else send(res, req, 404, `Not found. Try ${telemetryPath}, /healthz or /readyz.\n`);
        return;
      default:
        send(res, req, 404, `Not found. Try ${telemetryPath}, /healthz or /readyz.\n`);
    }
  }

  private async serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.queuedScrapes >= this.limits.maxQueuedScrapes) {
      send(res, req, 503, 'Too many concurrent scrapes; try again.\n', { 'Retry-After': '1' });
      return;
    }
    this.queuedScrapes++;
    const format = negotiateFormat(req.headers.accept);
    const rendered = this.scrapeChain.then(() => renderExposition(this.opts.registry, format));
    this.scrapeChain = rendered.catch(() => undefined);
    let body: string;
    try {
      body = await rendered;
    } finally {
      this.queuedScrapes--;
    }
    const extra: Record<string, string> = { 'Content-Type': CONTENT_TYPES[format], Vary: 'Accept, Accept-Encoding' };
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      const zipped = await gzipAsync(body);
      sendBytes(res, req, 200, zipped, { ...extra, 'Content-Encoding': 'gzip' });
      return;
    }
    sendBytes(res, req, 200, Buffer.from(body, 'utf8'), extra);
  }

  private readiness(): { ready: boolean; reason?: string } {
    if (this.opts.ready === undefined) return { ready: true };
    try {
      const r = this.opts.ready();
      return typeof r === 'boolean' ? { ready: r } : r;
    } catch (err) {
      return { ready: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  private index(): string {
    return [
      `errcode-exporter ${this.opts.version ?? ''}`.trimEnd(),
      '',
      `${this.opts.telemetryPath ?? DEFAULT_TELEMETRY_PATH}  Prometheus metrics (text 0.0.4; OpenMetrics when Accept asks for application/openmetrics-text)`,
      '/healthz  200 while the process is serving',
      '/readyz   200 once catalogs and rules are loaded and inputs are open, 503 before',
      '',
    ].join('\n');
  }
}

function send(res: ServerResponse, req: IncomingMessage, status: number, text: string, headers: Record<string, string> = {}): void {
  sendBytes(res, req, status, Buffer.from(text, 'utf8'), { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
}

function sendResponse(res: ServerResponse, req: IncomingMessage, r: HttpResponse): void {
  sendBytes(res, req, r.status, r.body, r.headers);
}

function sendBytes(res: ServerResponse, req: IncomingMessage, status: number, body: Buffer, headers: Readonly<Record<string, string>>): void {
  res.writeHead(status, { ...headers, 'Content-Length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function tlsOptions(t: TlsSettings): Record<string, unknown> {
  const requestCert = t.clientAuth !== 'NoClientCert';
  return {
    cert: t.cert,
    key: t.key,
    ca: t.ca,
    requestCert,
    rejectUnauthorized: t.clientAuth === 'RequireAndVerifyClientCert',
    minVersion: t.minVersion,
    maxVersion: t.maxVersion,
    honorCipherOrder: t.honorCipherOrder,
  };
}

/** The client-certificate policies Node cannot express by itself, checked once per TLS connection. */
function enforceClientCert(socket: TLSSocket, t: TlsSettings): void {
  if (t.clientAuth === 'NoClientCert' || t.clientAuth === 'RequestClientCert') return;
  const cert = socket.getPeerCertificate();
  const presented = cert !== null && Object.keys(cert).length > 0;
  if (t.clientAuth === 'RequireAnyClientCert' && !presented) return void socket.destroy();
  if (t.clientAuth === 'VerifyClientCertIfGiven' && presented && !socket.authorized) return void socket.destroy();
  if (t.allowedSans !== undefined && presented) {
    const sans = (cert.subjectaltname ?? '').split(',').map((s) => s.trim().replace(/^[^:]+:/, ''));
    if (!t.allowedSans.some((want) => sans.includes(want))) socket.destroy();
  }
}
