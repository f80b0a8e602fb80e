import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRunConfig } from '../../src/config/load-run-config.js';
import type { RunFlags } from '../../src/config/load-run-config.js';
import { formatLoadError, LoadErrors } from '../../src/load/load-error.js';
import { tempDir } from '../sources/test-helpers.js';

const flags = (more: Partial<RunFlags>): RunFlags => ({ watch: [], name: 'files', stdin: false, fromBeginning: false, poll: false, ...more });

describe('loadRunConfig', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('config')));
  afterEach(() => cleanup());

  const defaults = (): { rulesDir: string; catalogDir: string; cwd: string; home: string } => ({ rulesDir: '/pkg/rules', catalogDir: '/pkg/catalogs', cwd: '/srv', home: '/home/op' });
  const problems = (f: RunFlags): string[] => {
    try {
      loadRunConfig(f, defaults());
    } catch (err) {
      if (err instanceof LoadErrors) return err.errors.map(formatLoadError);
      throw err;
    }
    return [];
  };
  const writeConfig = (text: string): string => {
    const file = join(dir, 'etc', 'run.yaml');
    mkdirSync(join(dir, 'etc'), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  it('reads every key, resolving relative paths against the config file and ~ against home', () => {
    const file = writeConfig(`
inputs:
  - name: device
    include: ["~/ascend/log/debug/device-*/device-*.log", "slog/**"]
    exclude: ["*.gz", "slog/old/*"]
    from_beginning: true
    poll: true
    poll_interval: 500ms
    max_line_bytes: 4096
    partial_line_timeout: 3s
stdin: true
positions: state/positions.json
checkpoint_interval: 2s
rescan_interval: 1m
rotate_wait: 1500
rules: ../my-rules
catalogs: /opt/catalogs
web:
  listen_address: ":9464"
metrics: {}
`);
    const etc = join(dir, 'etc');
    expect(loadRunConfig(flags({ config: file }), defaults())).toEqual({
      inputs: [{
        name: 'device',
        include: ['/home/op/ascend/log/debug/device-*/device-*.log', join(etc, 'slog/**')],
        exclude: ['*.gz', join(etc, 'slog/old/*')],
        fromBeginning: true, poll: true, pollIntervalMs: 500, maxLineBytes: 4096, partialLineTimeoutMs: 3000,
      }],
      stdin: true,
      positionsFile: join(etc, 'state/positions.json'),
      checkpointIntervalMs: 2000,
      rescanIntervalMs: 60_000,
      rotateWaitMs: 1500,
      rulesDir: join(dir, 'my-rules'),
      catalogDir: '/opt/catalogs',
      web: { listen_address: ':9464' },
      metrics: {},
    });
  });

  it('builds one input from the flags, with defaults, relative to the working directory', () => {
    expect(loadRunConfig(flags({ watch: ['logs/*.log', '/var/log/npu/slog/**'], name: 'host', positions: 'pos.json', checkpointIntervalMs: 100 }), defaults())).toEqual({
      inputs: [{ name: 'host', include: ['/srv/logs/*.log', '/var/log/npu/slog/**'], exclude: [], fromBeginning: false, poll: false, pollIntervalMs: 1000, maxLineBytes: 65536, partialLineTimeoutMs: 2000 }],
      stdin: false, positionsFile: '/srv/pos.json', checkpointIntervalMs: 100, rescanIntervalMs: 10_000, rotateWaitMs: 5000,
      rulesDir: '/pkg/rules', catalogDir: '/pkg/catalogs', web: {}, metrics: {},
    });
  });

  it('lets flags override the file and add an input after the file\'s', () => {
    const file = writeConfig('inputs:\n  - {name: device, include: ["/d/*.log"]}\npositions: /p/file.json\n');
    const c = loadRunConfig(flags({ config: file, watch: ['/h/*.log'], name: 'host', positions: '/p/flag.json', fromBeginning: true, poll: true }), defaults());
    expect(c.inputs.map((i) => [i.name, i.fromBeginning, i.poll])).toEqual([['device', true, true], ['host', true, true]]);
    expect(c.positionsFile).toBe('/p/flag.json');
  });

  it('reports every problem of the file with its position, all at once', () => {
    const file = writeConfig(`inputs:
  - name: "bad name"
    include: []
  - name: device
    include: ["/x"]
    partial_line_timeout: soon
    colour: blue
checkpoint_interval: -5s
`);
    expect(problems(flags({ config: file }))).toEqual([
      `${file}:2:11 an input name is a letter then up to 31 letters, digits, "_", "." or "-" (at inputs.0.name)`,
      `${file}:3:14 an input needs at least one include glob (at inputs.0.include)`,
      `${file}:6:27 expected a positive duration like 250ms, 5s or 2m, got "soon" (at inputs.1.partial_line_timeout)`,
      `${file}:7:5 unknown field "colour" (at inputs.1)`,
      `${file}:8:22 expected a positive duration like 250ms, 5s or 2m, got "-5s" (at checkpoint_interval)`,
    ]);
  });

  it('rejects duplicate and reserved input names, with positions', () => {
    const file = writeConfig('inputs:\n  - {name: device, include: ["/a"]}\n  - {name: device, include: ["/b"]}\n  - {name: stdin, include: ["/c"]}\n');
    expect(problems(flags({ config: file, watch: ['/d'], name: 'device' }))).toEqual([
      `${file}:3:12 the input name "device" is used twice; names become the source label and must be unique`,
      `${file}:4:12 the input name "stdin" is reserved for standard input`,
      '<command line>:0:0 the input name "device" is used twice; names become the source label and must be unique',
    ]);
  });

  it('reports bad web.* settings at their position in the file, and bad --web.* flags as the command line', () => {
    const file = writeConfig('inputs:\n  - {name: device, include: ["/a"]}\nweb:\n  listen_address: "localhost"\n  telemetry_path: /healthz\n');
    expect(problems(flags({ config: file, web: { listenAddress: ':99999', telemetryPath: 'metrics' } }))).toEqual([
      `${file}:4:19 --web.listen-address "localhost" is not host:port (e.g. ":10135", "127.0.0.1:10135", "[::1]:10135").`,
      '<command line>:0:0 --web.listen-address ":99999": port 99999 is above 65535.',
      `${file}:5:19 the telemetry path "/healthz" is taken by the server itself (/, /healthz, /readyz, /api/status)`,
      '<command line>:0:0 the telemetry path "metrics" must start with / and hold no spaces, ? or #',
    ]);
    expect(loadRunConfig(flags({ config: writeConfig('inputs:\n  - {name: device, include: ["/a"]}\nweb:\n  telemetry_path: /x/metrics\n') }), defaults()).web).toEqual({ telemetry_path: '/x/metrics' });
  });

  it('reads metrics.catalog_info and metrics.zero_series, and reports a misspelt or non-boolean one at its position', () => {
    const ok = writeConfig('inputs:\n  - {name: device, include: ["/a"]}\nmetrics:\n  catalog_info: false\n  zero_series: false\n');
    expect(loadRunConfig(flags({ config: ok }), defaults()).metrics).toEqual({ catalog_info: false, zero_series: false });
    const bad = writeConfig('inputs:\n  - {name: device, include: ["/a"]}\nmetrics:\n  zero_serie: false\n  catalog_info: "no"\n');
    expect(problems(flags({ config: bad }))).toEqual([
      `${bad}:5:17 Invalid input: expected boolean, received string (at metrics.catalog_info)`,
      `${bad}:4:3 unknown field "zero_serie" (at metrics)`,
    ]);
  });

  it('rejects an invalid --name and a run with nothing to read', () => {
    expect(problems(flags({ watch: ['/x'], name: 'a b' }))).toEqual(['<command line>:0:0 --name "a b" is not a valid input name: a letter then up to 31 letters, digits, "_", "." or "-"']);
    expect(problems(flags({}))).toEqual(['<command line>:0:0 nothing to read: give --watch <glob>, - for standard input, or inputs in --config']);
  });

  it('reads per-family deployment context, and refuses a bad family id or an empty list with positions', () => {
    const file = writeConfig('stdin: true\ncontext:\n  speech-sdk: ["[VoiceBot]", voice-gw]\n');
    expect(loadRunConfig(flags({ config: file }), defaults()).context).toEqual({ 'speech-sdk': ['[VoiceBot]', 'voice-gw'] });
    const bad = writeConfig('stdin: true\ncontext:\n  Speech: [x]\n  aclnn: []\n');
    // Element checks run before the whole-record check, so the empty list is reported first.
    expect(problems(flags({ config: bad }))).toEqual([
      expect.stringMatching(/run\.yaml:4:10 list at least one literal \(at context\.aclnn\)$/),
      expect.stringMatching(/run\.yaml:3:11 "Speech" is not a family id: lowercase words joined by "-", e\.g\. speech-sdk \(at context\.Speech\)$/),
    ]);
  });

  it('accepts the bundled example config', () => {
    const c = loadRunConfig(flags({ config: join(process.cwd(), 'examples', 'config.yaml') }), defaults());
    expect(c.inputs.map((i) => i.name)).toEqual(['device', 'host', 'app']);
  });
});
