import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsServer } from '../../src/server/metrics-server.js';
import { STATUS_PAGE_CSP, STATUS_PAGE_HTML } from '../../src/status/status-page.js';
import { StatusRecorder } from '../../src/status/status-recorder.js';
import { createStatusRoutes } from '../../src/status/status-routes.js';
import type { StatusSnapshot } from '../../src/status/status-types.js';
import { httpGet } from '../server/http-get.js';
import { bundledKnowledge, codeEvent } from './status-fixtures.js';

const between = (text: string, open: string, close: string): string[] => {
  const out: string[] = [];
  for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1)) out.push(text.slice(i + open.length, text.indexOf(close, i)));
  return out;
};
const hashOf = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('the status page document', () => {
  const scripts = between(STATUS_PAGE_HTML, '<script>', '</script>');
  const styles = between(STATUS_PAGE_HTML, '<style>', '</style>');

  it('has one inline script and one inline style, each allowed by its hash and nothing else', () => {
    expect([scripts.length, styles.length]).toEqual([1, 1]);
    const directives = new Map(STATUS_PAGE_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': "'none'",
      'script-src': hashOf(scripts[0]),
      'style-src': hashOf(styles[0]),
      'connect-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
      'require-trusted-types-for': "'script'",
      'trusted-types': "'none'",
    });
  });

  it('has a script that parses (a syntax error would leave the page empty with no test but the browser noticing)', () => {
    const [script] = between(STATUS_PAGE_HTML, '<script>', '</script>');
    expect(() => new Function(script)).not.toThrow();
  });

  it('loads nothing from anywhere else and its script has no HTML sinks', () => {
    expect(STATUS_PAGE_HTML).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(STATUS_PAGE_HTML).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)=/i);
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'srcdoc']) {
      expect(scripts[0], sink).not.toContain(sink);
    }
  });
});

describe('status routes on the metrics server', () => {
  const servers: MetricsServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function serve(samples: boolean, users = new Map<string, string>()): Promise<{ url: string; recorder: StatusRecorder }> {
    const recorder = new StatusRecorder({ sources: ['device'], samples });
    recorder.knowledgeLoaded(bundledKnowledge());
    const status = createStatusRoutes({ recorder, version: '1.2.3', inputs: [{ name: 'device', kind: 'files', include: ['/x/*.log'] }] });
    const webConfig = users.size === 0 ? undefined : { file: 'web.yml', users, headers: {} };
    const server = new MetricsServer({ registry: new Registry(), listenAddress: '127.0.0.1:0', status, webConfig });
    servers.push(server);
    return { url: (await server.start()).url, recorder };
  }

  it('serves the page on / with its CSP, nosniff and no caching; HEAD gives the headers only', async () => {
    const { url } = await serve(true);
    const page = await httpGet(`${url}/`);
    expect([page.status, page.headers['content-type'], page.headers['content-security-policy'], page.headers['x-content-type-options'], page.headers['cache-control'], page.text])
      .toEqual([200, 'text/html; charset=utf-8', STATUS_PAGE_CSP, 'nosniff', 'no-store', STATUS_PAGE_HTML]);
    const head = await httpGet(`${url}/`, { method: 'HEAD' });
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(Buffer.byteLength(STATUS_PAGE_HTML)), 0]);
  });

  it('serves the data on /api/status as JSON with "<" escaped; with samples off no line text at all', async () => {
    for (const samples of [true, false]) {
      const { url, recorder } = await serve(samples);
      recorder.recordEvent(codeEvent({ line: 'token=s3cr3t <script>alert(1)</script> error code is 161002' }));
      const res = await httpGet(`${url}/api/status`);
      expect([res.status, res.headers['content-type'], res.headers['x-content-type-options']]).toEqual([200, 'application/json; charset=utf-8', 'nosniff']);
      expect(res.text).not.toContain('<');
      const snapshot = JSON.parse(res.text) as StatusSnapshot;
      expect([snapshot.version, snapshot.samples, snapshot.totals.fatal, snapshot.codes.map((c) => c.code)]).toEqual(['1.2.3', samples, 1, ['161002']]);
      expect(snapshot.fatalEvents[0].line).toBe(samples ? 'token=s3cr3t <script>alert(1)</script> error code is 161002' : undefined);
      expect(res.text.includes('s3cr3t')).toBe(samples);
    }
  });

  it('asks for the password on the page and its data when basic auth is configured', async () => {
    const { url } = await serve(true, new Map([['oncall', bcrypt.hashSync('pw', 4)]]));
    const auth = { Authorization: `Basic ${Buffer.from('oncall:pw').toString('base64')}` };
    expect([(await httpGet(`${url}/`)).status, (await httpGet(`${url}/api/status`)).status]).toEqual([401, 401]);
    expect([(await httpGet(`${url}/`, { headers: auth })).status, (await httpGet(`${url}/api/status`, { headers: auth })).status]).toEqual([200, 200]);
  });

  it('without status routes, / stays the plain-text index and /api/status is not found', async () => {
    const server = new MetricsServer({ registry: new Registry(), listenAddress: '127.0.0.1:0', version: '1.2.3' });
    servers.push(server);
    const { url } = await server.start();
    expect([(await httpGet(`${url}/`)).headers['content-type'], (await httpGet(`${url}/api/status`)).status]).toEqual(['text/plain; charset=utf-8', 404]);
  });
});
