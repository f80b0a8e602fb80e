// `healthcheck` against the real `run` process serving TLS (a throwaway CA) and basic auth: healthy with the
// settings run has, unhealthy (exit 1) with a wrong password, the wrong scheme or another certificate, and a
// bad config file refused with its position (exit 2).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCerts } from '../server/make-certs.js';
import type { TestCerts } from '../server/make-certs.js';
import { RunProcess } from '../run/run-process.js';
import { describeWithTools } from '../deploy/describe-with-tools.js';
import { freePort } from '../e2e/support/free-port.js';
import { tempDir } from '../sources/test-helpers.js';

const CLI = join(process.cwd(), 'dist', 'cli', 'main.js');

function healthcheck(args: string[], env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ERRCODE_')));
  const res = spawnSync(process.execPath, [CLI, 'healthcheck', '--timeout', '10s', ...args], { encoding: 'utf8', env: { ...clean, ...env }, timeout: 30_000 });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describeWithTools(['openssl'], 'healthcheck against run with TLS and basic auth', () => {
  let dir: string;
  let cleanup: () => void;
  let certs: TestCerts;
  let port: number;
  let exporter: RunProcess;
  let webConfig: string;
  let otherCertConfig: string;
  let runConfig: string;
  let passwordFile: string;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('healthcheck-'));
    certs = makeCerts(dir);
    port = await freePort();
    webConfig = join(dir, 'web.yml');
    writeFileSync(webConfig, `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  probe: '${bcrypt.hashSync('s3cret', 4)}'\n`);
    // The same users, but another certificate: what a probe must refuse to trust.
    otherCertConfig = join(dir, 'other.yml');
    writeFileSync(otherCertConfig, `tls_server_config:\n  cert_file: client.crt\n  key_file: client.key\nbasic_auth_users:\n  probe: '${bcrypt.hashSync('s3cret', 4)}'\n`);
    runConfig = join(dir, 'config.yaml');
    writeFileSync(runConfig, `web:\n  listen_address: 127.0.0.1:${port}\n`);
    passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, 's3cret\n');
    mkdirSync(join(dir, 'logs'));
    exporter = await RunProcess.start(['--watch', join(dir, 'logs', '*.log'), '--web.listen-address', `127.0.0.1:${port}`, '--web.config.file', webConfig]);
    await exporter.waitForLog(/Serving metrics on https:.*\(basic auth\)/);
  }, 60_000);

  afterAll(async () => {
    await exporter?.signal('SIGTERM');
    cleanup();
  });

  const auth = (): string[] => ['--username', 'probe', '--password-file', passwordFile];

  it('is healthy with run\'s listen address, web config file and the probe user', () => {
    const r = healthcheck(['--web.listen-address', `127.0.0.1:${port}`, '--web.config.file', webConfig, ...auth()]);
    expect([r.code, r.out, r.err]).toEqual([0, `healthy: https://127.0.0.1:${port}/healthz: 200 ok\n`, '']);
  });

  it('takes everything from the ERRCODE_* environment run reads too, and the port from the run config', () => {
    const r = healthcheck(['--ready'], {
      ERRCODE_CONFIG: runConfig, ERRCODE_WEB_CONFIG_FILE: webConfig,
      ERRCODE_HEALTHCHECK_USERNAME: 'probe', ERRCODE_HEALTHCHECK_PASSWORD: 's3cret',
    });
    expect([r.code, r.out]).toEqual([0, `healthy: https://127.0.0.1:${port}/readyz: 200 ready\n`]);
  });

  it('verifies against a CA when --ca-file is given', () => {
    const r = healthcheck(['--config', runConfig, '--web.config.file', webConfig, '--ca-file', certs.caCert, ...auth(), '--quiet']);
    expect([r.code, r.out, r.err]).toEqual([0, '', '']);
  });

  it('is unhealthy (exit 1) when the password is wrong', () => {
    const r = healthcheck(['--config', runConfig, '--web.config.file', webConfig, '--username', 'probe'], { ERRCODE_HEALTHCHECK_PASSWORD: 'wrong' });
    expect([r.code, r.err]).toEqual([1, `errcode-exporter: unhealthy: https://127.0.0.1:${port}/healthz: 401, the credentials were refused\n`]);
  });

  it('is unhealthy when the server presents another certificate than the configured one', () => {
    const r = healthcheck(['--config', runConfig, '--web.config.file', otherCertConfig, ...auth()]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the server presented a certificate other than the one in the web config file');
  });

  it('is unhealthy when it speaks plain HTTP to the TLS server', () => {
    const r = healthcheck(['--config', runConfig]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^errcode-exporter: unhealthy: http://127\\.0\\.0\\.1:${port}/healthz: `));
  });

  it('asks for credentials instead of probing when the web config turns on basic auth', () => {
    const r = healthcheck(['--config', runConfig, '--web.config.file', webConfig]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('turns on basic auth: give --username');
  });
});

describe('healthcheck settings', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir('healthcheck-cfg-'));
  });
  afterAll(() => cleanup());

  it('refuses a bad listen address in the run config with its position (exit 2)', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'web:\n  status_samples: true\n  listen_address: "nowhere"\n');
    const r = healthcheck(['--config', file]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`${file}:3:19 --web.listen-address "nowhere" is not host:port (e.g. ":10135", "127.0.0.1:10135", "[::1]:10135").`);
  });

  it('is unhealthy when nothing listens', async () => {
    const port = await freePort();
    const r = healthcheck(['--web.listen-address', `:${port}`]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`errcode-exporter: unhealthy: http://127.0.0.1:${port}/healthz: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  });
});
