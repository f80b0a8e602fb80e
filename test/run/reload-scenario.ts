// A sandbox for hot-reload tests against the built CLI: its own rules (a small aclnn rule file the tests
// rewrite), a copy of the bundled catalogs, log files and a run config in a temp directory; `run --config
// --events` with metrics on a free port; scrapes of /metrics and /api/status; editor-style atomic saves.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_CATALOG_DIR } from '../../src/cli/package-info.js';
import type { StatusSnapshot } from '../../src/status/status-types.js';
import { httpGet } from '../server/http-get.js';
import { parseExposition, select } from '../sinks/metrics/parse-exposition.js';
import type { ParsedSample } from '../sinks/metrics/parse-exposition.js';
import { tempDir } from '../sources/test-helpers.js';
import { RunProcess } from './run-process.js';

/** `seq=<n> code=<code>`: one event per line with the `code=` rule. */
export const codeLine = (seq: number, code = '161002'): string => `seq=${seq} code=${code}`;
/** `seq=<n> errno=<code>`: an event only once the `errno=` rule exists. */
export const errnoLine = (seq: number, code = '161002'): string => `seq=${seq} errno=${code}`;

const CODE_RULE = `  - id: test-code
    anchors: ["code="]
    pattern: '\\bcode=(?<code>\\d+)\\b'
    map: decimal
    tests:
      - line: "seq=1 code=161002"
        events: [{code: "161002", class: fatal}]
`;
export const ERRNO_RULE = `  - id: test-errno
    anchors: ["errno="]
    pattern: '\\berrno=(?<code>\\d+)\\b'
    map: decimal
    tests:
      - line: "seq=1 errno=161002"
        events: [{code: "161002", class: fatal}]
`;
/** The pattern line of a rule file made by ruleFile() holding a bad regex is this line, at this column. */
export const BAD_PATTERN = { line: 5, col: 22, text: `    pattern: '\\bcode=(?<code>\\d+'` };

/** A rules file for family aclnn: the `code=` rule, then `extra` rules; `revision` only changes the text. */
export function ruleFile(opts: { extra?: string; revision?: number; badPattern?: boolean } = {}): string {
  let rule = CODE_RULE;
  if (opts.badPattern) rule = rule.replace(/^ {4}pattern: .*$/m, BAD_PATTERN.text);
  return `family: aclnn\nrules:\n${rule}${opts.extra ?? ''}# revision ${opts.revision ?? 0}\n`;
}

export class ReloadScenario {
  readonly dir: string;
  readonly rulesDir: string;
  readonly catalogDir: string;
  readonly logsDir: string;
  readonly configFile: string;
  readonly positionsFile: string;
  readonly cleanup: () => void;
  run!: RunProcess;
  url = '';

  constructor() {
    ({ dir: this.dir, cleanup: this.cleanup } = tempDir('reload'));
    this.rulesDir = join(this.dir, 'rules');
    this.catalogDir = join(this.dir, 'catalogs');
    this.logsDir = join(this.dir, 'logs');
    this.configFile = join(this.dir, 'etc', 'config.yaml');
    this.positionsFile = join(this.dir, 'positions.json');
    for (const d of [this.rulesDir, this.catalogDir, this.logsDir, dirname(this.configFile)]) mkdirSync(d);
    for (const name of readdirSync(DEFAULT_CATALOG_DIR)) {
      if (name.endsWith('.yaml')) copyFileSync(join(DEFAULT_CATALOG_DIR, name), join(this.catalogDir, name));
    }
    writeFileSync(join(this.rulesDir, 'aclnn.yaml'), ruleFile());
  }

  log(name: string): string {
    return join(this.logsDir, name);
  }

  /** A run config with these inputs (`name: include glob`), the sandbox's rules and catalogs, and `extra` lines. */
  config(inputs: Record<string, string>, extra = ''): string {
    const list = Object.entries(inputs).map(([name, glob]) => `  - {name: ${name}, include: ["${glob}"], partial_line_timeout: 300ms}`);
    return [
      'inputs:', ...list,
      'rules: ../rules', 'catalogs: ../catalogs', 'positions: ../positions.json',
      'checkpoint_interval: 100ms', 'rotate_wait: 200ms', 'rescan_interval: 1s', extra, '',
    ].join('\n');
  }

  async start(configText: string): Promise<RunProcess> {
    writeFileSync(this.configFile, configText);
    this.run = await RunProcess.start(['--config', this.configFile, '--events']);
    await this.run.waitForLog(/Serving metrics on (\S+)\/metrics/);
    this.url = /Serving metrics on (\S+)\/metrics/.exec(this.run.stderr)?.[1] ?? '';
    return this.run;
  }

  /** Saves like an editor that writes a temp file and renames it over the original. */
  save(path: string, text: string): void {
    const tmp = join(dirname(path), `.${basename(path)}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  }

  readCatalog(family: string): string {
    return readFileSync(join(this.catalogDir, `${family}.yaml`), 'utf8');
  }

  async metrics(): Promise<ParsedSample[]> {
    return parseExposition((await httpGet(`${this.url}/metrics`)).text);
  }

  /** The sum of the samples named `name` with these labels. */
  async value(name: string, labels: Record<string, string> = {}): Promise<number> {
    return select(await this.metrics(), name, labels).reduce((sum, s) => sum + s.value, 0);
  }

  async waitForValue(name: string, labels: Record<string, string>, expected: number, timeoutMs = 20_000): Promise<void> {
    let last = -1;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      last = await this.value(name, labels);
      if (last === expected) return;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${name}${JSON.stringify(labels)} = ${expected}; last ${last}\n${this.run.stderr.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Config, rules and catalog loads that succeeded or failed so far (start-up counts one success each). */
  async loads(kind: 'config' | 'rules' | 'catalog', result: 'success' | 'failure'): Promise<number> {
    return this.value('errcode_config_loads_total', { kind, result });
  }

  async status(): Promise<StatusSnapshot> {
    return JSON.parse((await httpGet(`${this.url}/api/status`)).text) as StatusSnapshot;
  }

  /** The run process's descriptors open on `path`. */
  fdsOn(path: string): number {
    return readdirSync(`/proc/${this.run.pid}/fd`).filter((fd) => {
      try {
        return readlinkSync(`/proc/${this.run.pid}/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;
  }
}
