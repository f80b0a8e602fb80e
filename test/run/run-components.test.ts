// `run` in-process (no CLI spawned) with registered components from a config file: an exec source whose
// command prints log lines and exits, and a webhook sink posting to a real loopback server. Fatal events
// reach the webhook, every event the metrics; the source is restarted; stop() ends its command. Config
// sections with problems are refused at load with their file:line:col.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadRunConfig } from '../../src/config/load-run-config.js';
import type { RunFlags } from '../../src/config/load-run-config.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { formatLoadError, LoadErrors } from '../../src/load/load-error.js';
import { startRun } from '../../src/run/start-run.js';
import { exporterExtension } from '../../src/server/exporter-extension.js';
import type { CodeEvent } from '../../src/types.js';
import { parseExposition, select } from '../sinks/metrics/parse-exposition.js';
import { waitFor } from '../sources/test-helpers.js';
import { httpGet } from '../server/http-get.js';

const dir = mkdtempSync(join(tmpdir(), 'errcode-components-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const flags = (config: string): RunFlags => ({ config, watch: [], name: 'files', stdin: false, fromBeginning: false, poll: false });
const defaults = { rulesDir: DEFAULT_RULES_DIR, catalogDir: DEFAULT_CATALOG_DIR };

function configFile(name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

function problems(file: string): string[] {
  try {
    loadRunConfig(flags(file), defaults);
  } catch (err) {
    if (err instanceof LoadErrors) return err.errors.map((e) => formatLoadError(e).replace(`${dir}/`, ''));
    throw err;
  }
  return [];
}

describe('run with an exec source and a webhook sink, in-process', () => {
  it('posts the fatal events to the webhook, counts every event and the deliveries, restarts the command, and stops it', async () => {
    const posted: CodeEvent[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posted.push(JSON.parse(body) as CodeEvent);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const script = [
      'echo "call aclnnAdd failed, error code is 161002"',
      'echo "2025-03-14 11:03:40,550 ERROR [decode-1] ErrorNo: 1343270921(LLM_LINK_FAILED) api=PullKvCache"',
      'echo "nothing to see"',
    ].join('; ');
    const file = configFile('components.yaml', [
      'sources:',
      '  - type: exec',
      '    name: journal',
      `    command: ["sh", "-c", ${JSON.stringify(script)}]`,
      '    restart_delay: 20ms',
      '    max_restart_delay: 20ms',
      'sinks:',
      '  - type: webhook',
      '    name: oncall',
      `    url: ${url}`,
      '    retry_delay: 10ms',
      'web:',
      '  listen_address: "127.0.0.1:0"',
      '',
    ].join('\n'));
    const config = loadRunConfig(flags(file), defaults);
    const logs: string[] = [];
    const exporter = await startRun({
      config,
      knowledge: loadKnowledge({ catalogDir: config.catalogDir, rulesDir: config.rulesDir }),
      extensions: [exporterExtension({})],
      version: '0.0.0-test',
      log: (s) => logs.push(s),
      watch: false,
    });
    try {
      const metricsUrl = /Serving metrics on (\S+)\/metrics\./.exec(logs.join('\n'))?.[1] ?? '';
      // The command exits after its three lines and is started again: the fatal line arrives once per run.
      await waitFor('two runs posted', () => posted.length >= 2, { state: () => ({ posted: posted.length, logs }) });
      expect(posted.slice(0, 2).map((e) => `${e.source}:${e.family}:${e.code}:${e.class}`)).toEqual(['journal:aclnn:161002:fatal', 'journal:aclnn:161002:fatal']);
      expect(logs.some((l) => /^The command of source journal \(sh -c .*\) exited with status 0; it is started again in 20 ms\.$/.test(l))).toBe(true);
      const samples = parseExposition((await httpGet(`${metricsUrl}/metrics`)).text);
      const fatal = select(samples, 'errcode_events_total', { source: 'journal', code: '161002', class: 'fatal' })[0]?.value ?? 0;
      const retryable = select(samples, 'errcode_events_total', { source: 'journal', code: '0x5010B009', class: 'retryable' })[0]?.value ?? 0;
      expect(fatal).toBeGreaterThanOrEqual(2);
      expect(retryable).toBeGreaterThanOrEqual(1);
      expect(select(samples, 'errcode_lines_read_total', { source: 'journal' })[0]?.value).toBeGreaterThanOrEqual(6);
      // One request at a time: the second POST left only after the first was answered and counted.
      expect(select(samples, 'errcode_sink_events_sent_total', { sink: 'oncall' })[0]?.value).toBeGreaterThanOrEqual(1);
      expect(select(samples, 'errcode_sink_events_dropped_total', { sink: 'oncall' }).map((s) => `${s.labels.reason}=${s.value}`).sort()).toEqual([
        'closed=0',
        'queue_full=0',
        'rejected=0',
        'retries_exhausted=0',
      ]);
      // The status page lists the exec source among its inputs, from the telemetry the metrics read.
      const status = JSON.parse((await httpGet(`${metricsUrl}/api/status`)).text) as { inputs: { name: string; kind: string; include: string[]; linesRead: number }[] };
      expect(status.inputs.map((i) => `${i.name}:${i.kind}:${i.include.join(' ').slice(0, 6)}`)).toEqual(['journal:exec:sh -c ']);
      expect(status.inputs[0]?.linesRead).toBeGreaterThanOrEqual(6);
    } finally {
      await exporter.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const runs = logs.filter((l) => l.startsWith('The command of source journal')).length;
    // Stopped: no run after stop() (the restart timer is cancelled), and nothing posted afterwards.
    const postedAtStop = posted.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(logs.filter((l) => l.startsWith('The command of source journal')).length).toBe(runs);
    expect(posted.length).toBe(postedAtStop);
  });

  it('refuses component sections with problems, each at its position', () => {
    const file = configFile('bad-components.yaml', [
      'inputs:',
      '  - name: journal',
      '    include: ["/var/log/*.log"]',
      'sources:',
      '  - type: journald',
      '  - type: exec',
      '    name: journal',
      '    command: []',
      '  - name: nameless',
      'sinks:',
      '  - type: webhook',
      '    name: oncall',
      '    url: "not a url"',
      '    queue: 5',
      '  - type: webhook',
      '    name: oncall',
      '    url: http://127.0.0.1:1/hook',
      '  - type: webhook',
      '    name: oncall',
      '    url: http://127.0.0.1:2/hook',
      '',
    ].join('\n'));
    expect(problems(file)).toEqual([
      'bad-components.yaml:5:11 unknown source type "journald" (known: exec) (at sources.0.type)',
      'bad-components.yaml:8:14 command needs at least the program to run (at sources.1.command)',
      'bad-components.yaml:9:5 a source needs a type (one of: exec) (at sources.2)',
      'bad-components.yaml:13:10 url must be an http:// or https:// URL (at sinks.0.url)',
      'bad-components.yaml:14:5 unknown field "queue" (at sinks.0)',
    ]);
  });

  it('refuses a source named like an input, and a sink name used twice', () => {
    const file = configFile('dup-components.yaml', [
      'inputs:',
      '  - name: journal',
      '    include: ["/var/log/*.log"]',
      'sources:',
      '  - type: exec',
      '    name: journal',
      '    command: ["journalctl", "-f"]',
      'sinks:',
      '  - type: webhook',
      '    name: oncall',
      '    url: http://127.0.0.1:1/hook',
      '  - type: webhook',
      '    name: oncall',
      '    url: http://127.0.0.1:2/hook',
      '',
    ].join('\n'));
    expect(problems(file)).toEqual([
      'dup-components.yaml:6:11 the source name "journal" is used twice (inputs and sources share names); names become the source label and must be unique',
      'dup-components.yaml:13:11 the sink name "oncall" is used twice',
    ]);
  });
});
