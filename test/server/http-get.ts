// A minimal HTTP(S) client for tests: one request on a fresh connection, the whole body as a Buffer.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface GetResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

export interface GetOptions {
  method?: string;
  headers?: Record<string, string>;
  ca?: string;
  cert?: string;
  key?: string;
}

export function httpGet(url: string, opts: GetOptions = {}): Promise<GetResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const common = { method: opts.method ?? 'GET', headers: opts.headers, agent: false as const };
    const req =
      u.protocol === 'https:'
        ? httpsRequest(u, { ...common, ca: opts.ca, cert: opts.cert, key: opts.key })
        : httpRequest(u, common);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
