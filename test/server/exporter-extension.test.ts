import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/config/load-run-config.js';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { LoadErrors } from '../../src/load/load-error.js';
import type { RunContext } from '../../src/run/run-context.js';
import { exporterExtension } from '../../src/server/exporter-extension.js';
import type { CodeEvent } from '../../src/types.js';
import { parseExposition, select } from '../sinks/metrics/parse-exposition.js';
import { httpGet } from './http-get.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
const dir = mkdtempSync(join(tmpdir(), 'errcode-ext-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function context(listenAddress: string | undefined, inputsReady: Promise<void>, logs: string[]): RunContext {
  const config: RunConfig = {
    inputs: [],
    stdin: false,
    positionsFile: undefined,
    checkpointIntervalMs: 5000,
    rescanIntervalMs: 10000,
    rotateWaitMs: 5000,
    rulesDir: DEFAULT_RULES_DIR,
    catalogDir: DEFAULT_CATALOG_DIR,
    web: listenAddress === undefined ? {} : { listen_address: listenAddress },
    metrics: {},
  };
  return { config, sources: ['device'], version: '7.7.7', knowledge: () => knowledge, positions: () => [], log: (s) => logs.push(s), inputsReady };
}

const FATAL: CodeEvent = {
  family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', class: 'fatal', classBasis: 'policy',
  rule: 'aclnn-code-near-cue', raw: '161002', labels: {}, source: 'device', path: '/x.log', lineNo: 1, line: '',
};

describe('exporterExtension', () => {
  it('serves metrics from the run, ready once inputs are open, and counts events and failed reloads', async () => {
    let open: () => void = () => undefined;
    const logs: string[] = [];
    const attachment = await exporterExtension({})(context('127.0.0.1:0', new Promise((r) => (open = r)), logs));
    try {
      const url = /Serving metrics on (\S+)\/metrics\./.exec(logs.join('\n'))?.[1] ?? '';
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await httpGet(`${url}/readyz`)).text).toBe('not ready: inputs are still being opened\n');
      open();
      await Promise.resolve();
      expect((await httpGet(`${url}/readyz`)).status).toBe(200);

      attachment.onEvent?.(FATAL);
      attachment.stats?.linesRead('device', 1, 100);
      const problem = { file: join(DEFAULT_RULES_DIR, 'aclnn.yaml'), line: 3, col: 1, message: 'bad' };
      attachment.onKnowledgeFailed?.(new LoadErrors([problem]));
      attachment.onReload?.({ kind: 'rules', ok: false, at: 1_700_000_000_000, trigger: 'file', problems: [problem], notes: [], restartRequired: [] });
      attachment.onKnowledge?.(knowledge);
      attachment.onReload?.({ kind: 'rules', ok: true, at: 1_700_000_001_000, trigger: 'file', problems: [], notes: [], restartRequired: [] });
      attachment.onReload?.({ kind: 'config', ok: true, at: 1_700_000_002_000, trigger: 'signal', problems: [], notes: [], restartRequired: ['web.listen_address (":1" -> ":2")'] });
      const samples = parseExposition((await httpGet(`${url}/metrics`)).text);
      expect(select(samples, 'errcode_events_total', { code: '161002', class: 'fatal' })[0].value).toBe(1);
      expect(select(samples, 'errcode_lines_read_total', { source: 'device' })[0].value).toBe(1);
      expect(select(samples, 'errcode_config_loads_total').map((s) => `${s.labels.kind}/${s.labels.result}=${s.value}`).sort()).toEqual([
        'catalog/failure=0',
        'catalog/success=1',
        'config/failure=0',
        'config/success=2',
        'rules/failure=1',
        'rules/success=2',
      ]);
      expect(select(samples, 'errcode_config_last_load_success_timestamp_seconds', { kind: 'rules' })[0].value).toBe(1_700_000_001);
      expect(select(samples, 'errcode_config_last_load_successful').map((s) => s.value)).toEqual([1, 1, 1]);
      expect(select(samples, 'errcode_config_restart_required')[0].value).toBe(1);
      expect(select(samples, 'errcode_catalog_info').length).toBe(knowledge.catalog.entries().filter((e) => e.range === undefined).length);
      expect(select(samples, 'errcode_build_info')[0].labels.version).toBe('7.7.7');
    } finally {
      await attachment.close?.();
    }
  });

  it('takes --web.listen-address over the config file', async () => {
    const logs: string[] = [];
    const attachment = await exporterExtension({ listenAddress: '127.0.0.1:0' })(context('256.0.0.1:1', Promise.resolve(), logs));
    await attachment.close?.();
    expect(logs.some((l) => l.startsWith('Serving metrics on http://127.0.0.1:'))).toBe(true);
  });

  it('refuses a bad web config file with positions, and a port in use with a sentence', async () => {
    const bad = join(dir, 'web.yml');
    writeFileSync(bad, 'basic_auth_users:\n  alice: not-a-hash\n');
    await expect(exporterExtension({ listenAddress: '127.0.0.1:0', webConfigFile: bad })(context(undefined, Promise.resolve(), []))).rejects.toThrow(
      `${bad}:2:10 the password of user "alice" is not a bcrypt hash`,
    );
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen({ host: '127.0.0.1', port: 0 }, r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(exporterExtension({ listenAddress: `127.0.0.1:${port}` })(context(undefined, Promise.resolve(), []))).rejects.toThrow(
        `cannot serve metrics on 127.0.0.1:${port} (listen EADDRINUSE: address already in use 127.0.0.1:${port}); choose another --web.listen-address`,
      );
    } finally {
      blocker.close();
    }
  });
});
