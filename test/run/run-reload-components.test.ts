// Hot reload of `sources:` and `sinks:` in-process, with real files, real commands and a real loopback
// webhook: a source and a sink added by a reload start, an unchanged source keeps running (its command is
// not started again) and the tailed input keeps its position (no line read twice), a bad reload keeps the
// last good topology and names its problem at file:line:col, and removed components stop.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { startRun } from '../../src/run/start-run.js';
import type { CodeEvent } from '../../src/types.js';
import { waitFor } from '../sources/test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'errcode-reload-components-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const defaults = { rulesDir: DEFAULT_RULES_DIR, catalogDir: DEFAULT_CATALOG_DIR };
const FATAL = 'call aclnnAdd failed, error code is 161002';

/** A command that prints one fatal line, then waits until it is stopped. */
const once = (tag: string): string => `["sh", "-c", ${JSON.stringify(`echo "${tag} ${FATAL}"; exec sleep 60`)}]`;

describe('hot reload of sources and sinks', () => {
  it('starts and stops what changed, keeps what did not, and keeps the last good topology on a bad reload', async () => {
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
    const log = join(dir, 'app.log');
    writeFileSync(log, `${FATAL}\n`);
    const file = join(dir, 'config.yaml');
    const write = (sources: string[], sinks: string[]): void => writeFileSync(file, [
      'inputs:',
      `  - {name: app, include: ["${log}"], from_beginning: true}`,
      ...(sources.length > 0 ? ['sources:', ...sources] : []),
      ...(sinks.length > 0 ? ['sinks:', ...sinks] : []),
      '',
    ].join('\n'));
    const one = `  - {type: exec, name: one, command: ${once('one')}}`;
    const two = `  - {type: exec, name: two, command: ${once('two')}}`;
    const hook = `  - {type: webhook, name: oncall, url: "${url}", retry_delay: 10ms}`;
    write([one], []);
    const flags: RunFlags = { config: file, watch: [], name: 'files', stdin: false, fromBeginning: false, poll: false };
    const config = loadRunConfig(flags, defaults);
    const logs: string[] = [];
    const events: CodeEvent[] = [];
    const exporter = await startRun({
      config,
      configFile: { path: file, load: () => loadRunConfig(flags, defaults) },
      knowledge: loadKnowledge({ catalogDir: config.catalogDir, rulesDir: config.rulesDir }),
      extensions: [() => ({ onEvent: (e) => events.push(e) })],
      version: '0.0.0-test',
      log: (s) => logs.push(s),
      watch: false,
    });
    const from = (source: string): number => events.filter((e) => e.source === source).length;
    const state = (): unknown => ({ events: events.map((e) => e.source), posted: posted.map((e) => e.source), logs });
    try {
      await waitFor('app and one read', () => from('app') === 1 && from('one') === 1, { state });

      // Added: source two and sink oncall. Unchanged: input app and source one.
      write([one, two], [hook]);
      await exporter.reload();
      expect(logs.filter((l) => l.startsWith('Reloaded the run config'))).toEqual([
        `Reloaded the run config ${file}. Source two started. Sink oncall started.`,
      ]);
      appendFileSync(log, `${FATAL}\n`);
      await waitFor('two read, posted', () => from('two') === 1 && from('app') === 2 && posted.some((e) => e.source === 'two'), { state });

      // A bad reload: nothing of it is applied, its problem is named at its position.
      write([one, two, '  - {type: exec, name: three, command: []}'], []);
      await exporter.reload();
      expect(logs.some((l) => l.startsWith(`Reloading the run config ${file} failed; the running config stays in use.`) && l.includes(`${file}:6:40 command needs at least the program to run (at sources.2.command)`))).toBe(true);
      appendFileSync(log, `${FATAL}\n`);
      await waitFor('app read, posted through the sink still there', () => from('app') === 3 && posted.filter((e) => e.source === 'app').length === 2, { state });

      // Removed: source one and the sink; two changed its command: restarted.
      write([`  - {type: exec, name: two, command: ${once('two again')}}`], []);
      await exporter.reload();
      expect(logs.filter((l) => l.startsWith('Reloaded the run config')).slice(1)).toEqual([
        `Reloaded the run config ${file}. Source one stopped. Source two restarted (its settings changed). Sink oncall stopped: what it held was flushed.`,
      ]);
      await waitFor('two again', () => from('two') === 2, { state });
      appendFileSync(log, `${FATAL}\n`);
      await waitFor('app read', () => from('app') === 4, { state });
      // One's command ran once (never started again by a reload); app's lines were each read once.
      expect([from('one'), from('app'), logs.filter((l) => /^Input app/.test(l)).length]).toEqual([1, 4, 0]);
      expect(posted.map((e) => e.source).sort()).toEqual(['app', 'app', 'two']);
    } finally {
      await exporter.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
