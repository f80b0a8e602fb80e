import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadErrors, formatLoadError } from '../../src/load/load-error.js';
import { MetricsServer } from '../../src/server/metrics-server.js';
import { loadWebConfig } from '../../src/server/web-config.js';
import { describeWithTools } from '../deploy/describe-with-tools.js';
import { httpGet } from './http-get.js';
import { makeCerts } from './make-certs.js';
import type { TestCerts } from './make-certs.js';

const dir = mkdtempSync(join(tmpdir(), 'errcode-webcfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HASH = bcrypt.hashSync('s3cret', 4);

function writeConfig(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function loadErrors(file: string): string[] {
  try {
    loadWebConfig(file);
  } catch (err) {
    if (err instanceof LoadErrors) return err.errors.map((e) => formatLoadError(e).replaceAll(dir, '<dir>'));
    throw err;
  }
  return [];
}

describe('loadWebConfig', () => {
  it('accepts an empty file as "no TLS, no auth"', () => {
    const cfg = loadWebConfig(writeConfig('empty.yml', ''));
    expect([cfg.tls, cfg.users.size, cfg.headers]).toEqual([undefined, 0, {}]);
  });

  it('loads basic auth users and response headers', () => {
    const cfg = loadWebConfig(
      writeConfig('auth.yml', `basic_auth_users:\n  prometheus: '${HASH}'\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n`),
    );
    expect([...cfg.users.keys()]).toEqual(['prometheus']);
    expect(cfg.headers).toEqual({ 'X-Frame-Options': 'deny' });
  });

  it('reports schema problems first, then every semantic problem with its position, all at once', () => {
    const file = writeConfig(
      'bad.yml',
      [
        'tls_server_config:',
        '  cert_file: missing.crt',
        '  key_file: missing.key',
        '  client_auth_type: RequireAndVerifyClientCert',
        '  min_version: TLS13',
        '  max_version: TLS12',
        'basic_auth_users:',
        '  alice: plaintext-password',
        'http_server_config:',
        '  http2: true',
        'extra: 1',
        '',
      ].join('\n'),
    );
    expect(loadErrors(file)).toEqual([
      '<dir>/bad.yml:11:1 unknown field "extra"',
    ]);
    const file2 = writeConfig('bad2.yml', readableWithoutExtra());
    expect(loadErrors(file2)).toEqual([
      '<dir>/bad2.yml:8:10 the password of user "alice" is not a bcrypt hash (htpasswd -nBC 10 "" | tr -d \':\\n\' makes one)',
      '<dir>/bad2.yml:2:14 cannot read cert_file <dir>/missing.crt: ENOENT',
      '<dir>/bad2.yml:3:13 cannot read key_file <dir>/missing.key: ENOENT',
      '<dir>/bad2.yml:4:21 client_auth_type RequireAndVerifyClientCert needs client_ca_file',
      '<dir>/bad2.yml:6:16 max_version TLS12 is below min_version TLS13',
    ]);
  });

  it.each([
    ['tls_server_config:\n  key_file: k.pem\n', ['<dir>/t.yml:2:3 exactly one of cert_file and cert is required', '<dir>/t.yml:2:13 cannot read key_file <dir>/k.pem: ENOENT']],
    ['tls_server_config:\n  cert: x\n  key: y\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n', ['<dir>/t.yml:4:18 cipher_suites is not supported: Go cipher suite names do not map onto OpenSSL; Node\'s defaults apply (at tls_server_config.cipher_suites)']],
    ['tls_server_config:\n  cert: x\n  key: y\n  min_version: TLS9\n', ['<dir>/t.yml:4:16 must be one of TLS10, TLS11, TLS12, TLS13 (at tls_server_config.min_version)']],
    ['http_server_config:\n  headers:\n    Server: x\n', ['<dir>/t.yml:3:5 unknown field "Server" (at http_server_config.headers)']],
    ['basic_auth_users: [a]\n', ['<dir>/t.yml:1:19 Invalid input: expected record, received array (at basic_auth_users)']],
  ])('rejects %j', (text, expected) => {
    expect(loadErrors(writeConfig('t.yml', text))).toEqual(expected);
  });
});

function readableWithoutExtra(): string {
  return [
    'tls_server_config:',
    '  cert_file: missing.crt',
    '  key_file: missing.key',
    '  client_auth_type: RequireAndVerifyClientCert',
    '  min_version: TLS13',
    '  max_version: TLS12',
    'basic_auth_users:',
    '  alice: plaintext-password',
    '',
  ].join('\n');
}

describe('MetricsServer with basic auth', () => {
  it('answers 401 without, with wrong and with unknown credentials, 200 with the right ones (also when cached)', async () => {
    const webConfig = loadWebConfig(writeConfig('auth2.yml', `basic_auth_users:\n  prometheus: '${HASH}'\n`));
    const server = new MetricsServer({ registry: new Registry(), listenAddress: '127.0.0.1:0', webConfig });
    try {
      const { url } = await server.start();
      const basic = (user: string, pass: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });
      const none = await httpGet(`${url}/metrics`);
      expect([none.status, none.headers['www-authenticate']]).toEqual([401, 'Basic realm="errcode-exporter", charset="UTF-8"']);
      expect((await httpGet(`${url}/metrics`, { headers: basic('prometheus', 'wrong') })).status).toBe(401);
      expect((await httpGet(`${url}/metrics`, { headers: basic('mallory', 's3cret') })).status).toBe(401);
      expect((await httpGet(`${url}/metrics`, { headers: basic('prometheus', 's3cret') })).status).toBe(200);
      expect((await httpGet(`${url}/healthz`, { headers: basic('prometheus', 's3cret') })).status).toBe(200);
      expect((await httpGet(`${url}/healthz`, { headers: { Authorization: 'Bearer x' } })).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describeWithTools(['openssl'], 'MetricsServer with TLS from a web config', () => {
  let certs: TestCerts;
  beforeAll(() => {
    certs = makeCerts(mkdtempSync(join(dir, 'certs-')));
  });

  it('serves HTTPS with the configured certificate, paths relative to the config file', async () => {
    const webConfig = loadWebConfig(writeConfig('certs-tls.yml', `tls_server_config:\n  cert_file: ${certs.serverCert.replace(dir + '/', '')}\n  key_file: ${certs.serverKey}\n`));
    const server = new MetricsServer({ registry: new Registry(), listenAddress: '127.0.0.1:0', webConfig });
    try {
      const { url } = await server.start();
      expect(url.startsWith('https://')).toBe(true);
      const ca = (await import('node:fs')).readFileSync(certs.caCert, 'utf8');
      expect((await httpGet(`${url}/healthz`, { ca })).status).toBe(200);
      await expect(httpGet(`${url}/healthz`)).rejects.toThrow(/self.signed|unable to verify|local issuer/i);
    } finally {
      await server.close();
    }
  });

  it('requires and verifies client certificates, including the allowed SANs', async () => {
    const fs = await import('node:fs');
    const ca = fs.readFileSync(certs.caCert, 'utf8');
    const client = { ca, cert: fs.readFileSync(certs.clientCert, 'utf8'), key: fs.readFileSync(certs.clientKey, 'utf8') };
    const config = (sans: string): string =>
      `tls_server_config:\n  cert_file: ${certs.serverCert}\n  key_file: ${certs.serverKey}\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${certs.caCert}\n  client_allowed_sans: [${sans}]\n`;
    for (const [sans, allowed] of [['scraper.example', true], ['someone.else', false]] as const) {
      const server = new MetricsServer({ registry: new Registry(), listenAddress: '127.0.0.1:0', webConfig: loadWebConfig(writeConfig('mtls.yml', config(sans))) });
      try {
        const { url } = await server.start();
        await expect(httpGet(`${url}/healthz`, { ca })).rejects.toThrow();
        if (allowed) expect((await httpGet(`${url}/healthz`, client)).status).toBe(200);
        else await expect(httpGet(`${url}/healthz`, client)).rejects.toThrow();
      } finally {
        await server.close();
      }
    }
  });
});
