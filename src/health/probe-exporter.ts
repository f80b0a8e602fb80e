// One request to the running exporter's /healthz or /readyz, bounded by a timeout, answered with a sentence.
// Over TLS the server must present the certificate it is configured with (or one the given CA signed).
import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { ProbeTarget } from './probe-target.js';

export interface ProbeResult {
  readonly ok: boolean;
  /** A sentence for the operator (what answered, or why nothing did). */
  readonly message: string;
}

export function probeExporter(target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((done) => {
    const headers: Record<string, string> = target.authorization === undefined ? {} : { Authorization: target.authorization };
    const common = { host: target.host, port: target.port, path: target.path, method: 'GET', headers, agent: false as const, timeout: timeoutMs };
    const tls = target.tls;
    const onResponse = (res: IncomingMessage): void => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 1024) body += c;
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = body.trim().split('\n')[0] ?? '';
        if (status === 200) done({ ok: true, message: `${target.url}: ${status} ${text}` });
        else if (status === 401) done({ ok: false, message: `${target.url}: 401, the credentials were refused` });
        else done({ ok: false, message: `${target.url}: ${status} ${text}`.trimEnd() });
      });
    };
    let req: ClientRequest;
    if (tls) {
      req = httpsRequest({
        ...common,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        servername: /^[\d.]+$|:/.test(target.host) ? undefined : target.host,
        rejectUnauthorized: tls.ca !== undefined,
      }, onResponse);
      if (tls.pinnedCertDer !== undefined) {
        const pinned = tls.pinnedCertDer;
        req.on('socket', (socket) => {
          (socket as TLSSocket).once('secureConnect', () => {
            const peer = (socket as TLSSocket).getPeerCertificate();
            if (!peer.raw?.equals(pinned)) req.destroy(new Error('the server presented a certificate other than the one in the web config file'));
          });
        });
      }
    } else {
      req = httpRequest(common, onResponse);
    }
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => done({ ok: false, message: `${target.url}: ${err.message}` }));
    req.end();
  });
}
