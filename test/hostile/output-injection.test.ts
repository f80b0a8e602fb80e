// A log line can never inject labels, series or markup. A rule that captures anything (code, api and
// request_id) meets values full of quotes, backslashes, newlines (through Docker JSON), braces, `#`, ANSI and
// C1 controls, `<script>`, 10 KB, NUL, lone surrogates and invalid UTF-8; the real CLI renders them as
// Prometheus text (checked by promtool where installed), as --events JSON lines and as a table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR } from '../../src/cli/package-info.js';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { catalogEventSeries } from '../../src/sinks/metrics/catalog-series.js';
import { ExporterMetrics } from '../../src/sinks/metrics/exporter-metrics.js';
import { renderExposition } from '../../src/sinks/metrics/render-exposition.js';
import { unwrapLine } from '../../src/transforms/extract/unwrap-line.js';
import { capSample } from '../../src/transforms/line-to-events.js';
import { describeWithTools, findTool } from '../deploy/describe-with-tools.js';
import { parseExposition, select } from '../sinks/metrics/parse-exposition.js';
import type { ParsedSample } from '../sinks/metrics/parse-exposition.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');

const PAYLOADS: readonly string[] = [
  'a"b"c',
  'a\\b\\\\',
  '}{x="y"}',
  '# HELP errcode_events_total pwned',
  'x"} 1\nerrcode_injected_total{family="x"} 1\n# TYPE errcode_injected_total counter',
  'a\rb',
  '\u001b[31mred\u001b[0m\u001b]0;title\u0007\u001b[2J',
  '\u009b31m c1',
  '\u007fdel',
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  'k'.repeat(10_000),
  'a\u0000b',
  'a\u2028b\u2029c',
  'a\ud800b',
  'other',
];
/** A value that is a fine code (kept as itself) and a real catalog code, so the legitimate paths are visible. */
const REPORTABLE = 'abc.DEF-1';
const CATALOG_CODE = '161001';
const MARKERS = ['pwned', 'injected', 'alert(', '\u001b', '\u009b', 'kkkkkkkkkk', '<script', 'x="y"'];

const RULE_FILE = `family: aclnn
rules:
  - id: hostile-anything
    anchors: ["HOSTILE"]
    pattern: 'HOSTILE code=(?<code>[^|]+)\\|api=(?<api>[^|]*)\\|req=(?<request_id>[^|]*)\\|'
    tests:
      - line: "HOSTILE code=abc|api=x|req=y|"
        events: [{code: "abc", class: unknown, labels: {api: x, request_id: y}}]
`;

const hostileText = (v: string): string => `HOSTILE code=${v}|api=${v}|req=${v}|`;
/** Each payload plain (where a line can hold it) and inside a Docker json-file record (where it can hold anything). */
const lineTexts: string[] = [
  ...PAYLOADS.filter((v) => !v.includes('\n')).map(hostileText),
  ...PAYLOADS.map((v) => JSON.stringify({ log: `${hostileText(v)}\n`, stream: 'stdout', time: '2026-05-24T10:11:12.000Z' })),
  hostileText(REPORTABLE),
  hostileText(CATALOG_CODE),
];
const INVALID_UTF8 = Buffer.concat([Buffer.from('HOSTILE code='), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('|api='), Buffer.from([0xc3]), Buffer.from('|req=|')]);
/** Every line gives one event: the catalog code, the reportable value, and `other` for all the rest. */
const OTHER_EVENTS = lineTexts.length - 2 + 1;

let dir: string;
let rulesDir: string;
let logFile: string;

function scan(args: readonly string[], file = logFile): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'scan', '--rules', rulesDir, ...args, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TZ: 'UTC' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const seriesKey = (s: ParsedSample): string => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-output-'));
  rulesDir = join(dir, 'rules');
  spawnSync('mkdir', ['-p', rulesDir]);
  writeFileSync(join(rulesDir, 'hostile.yaml'), RULE_FILE);
  logFile = join(dir, 'hostile.log');
  // Lone surrogates cannot be written as UTF-8: plain lines carry U+FFFD there, Docker records the \ud800 escape.
  writeFileSync(logFile, Buffer.concat([Buffer.from(`${lineTexts.join('\n')}\n`, 'utf8'), INVALID_UTF8, Buffer.from('\n')]));
  writeFileSync(join(dir, 'empty.log'), '');
});

describe('scan --format prom on hostile captures', () => {
  it('adds exactly the series of the bounded code values, and no label value carries the payloads', () => {
    const hostile = scan(['--format', 'prom']);
    const baseline = scan(['--format', 'prom'], join(dir, 'empty.log'));
    expect([hostile.status, baseline.status]).toEqual([0, 0]);
    const before = new Set(parseExposition(baseline.stdout).map(seriesKey));
    const samples = parseExposition(hostile.stdout);
    const added = samples.filter((s) => !before.has(seriesKey(s)));
    const event = (code: string): Record<string, string> => ({ family: 'aclnn', code, name: '', class: 'unknown', source: 'scan' });
    expect(added.map((s) => [s.name, s.labels, s.value])).toEqual(
      expect.arrayContaining([
        ['errcode_events_total', event('other'), OTHER_EVENTS],
        ['errcode_events_total', event(REPORTABLE), 1],
      ]),
    );
    expect(added).toHaveLength(2);
    expect(select(samples, 'errcode_events_total', { code: CATALOG_CODE })[0].value).toBe(1);
    expect(select(samples, 'errcode_lines_dropped_total', { reason: 'invalid_utf8' })[0].value).toBe(1);
    const values = samples.flatMap((s) => Object.values(s.labels));
    expect(values.filter((v) => MARKERS.some((m) => v.includes(m)))).toEqual([]);
    expect(hostile.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

describeWithTools(['promtool'], 'expositions with hostile captures, checked by promtool', () => {
  const promtool = (text: string): { status: number | null; output: string } => {
    const r = spawnSync(findTool('promtool') ?? 'promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };

  it('accepts scan --format prom of the hostile log', () => {
    expect(promtool(scan(['--format', 'prom']).stdout)).toEqual({ status: 0, output: '' });
  });

  it('accepts the exporter exposition even with every payload as a code and name label (escaping alone)', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { sources: ['device'], processMetrics: false });
    for (const v of [...PAYLOADS, REPORTABLE]) {
      metrics.recordEvent({ family: 'aclnn', code: v, name: v, class: 'unknown', classBasis: 'unknown', rule: 'r', raw: v, labels: {}, source: 'device', path: '-', lineNo: 1, line: v });
    }
    const text = await renderExposition(registry);
    expect(promtool(text)).toEqual({ status: 0, output: '' });
    // Escaping is exact: every value reads back as itself, one series each, nothing else appeared.
    const events = select(parseExposition(text), 'errcode_events_total');
    expect(events.map((s) => s.labels.code)).toEqual([...PAYLOADS, REPORTABLE]);
    expect(events.map((s) => s.labels.name)).toEqual([...PAYLOADS, REPORTABLE]);
    expect(parseExposition(text).filter((s) => s.name.includes('injected'))).toEqual([]);
  });
});

describe('scan --events on hostile captures', () => {
  it('prints one JSON object per event, terminal-safe, each field reading back exactly', () => {
    const r = scan(['--events']);
    expect(r.status).toBe(0);
    const out = r.stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(lineTexts.length + 1);
    // No raw control character, DEL, C1 or line separator: a terminal shows the JSON, it does not act on it.
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    const events = out.map((l) => JSON.parse(l) as { code: string; line: string; labels: { api?: string; request_id?: string } });
    expect(events.filter((e) => e.code === 'other')).toHaveLength(OTHER_EVENTS);
    expect(events.filter((e) => e.code !== 'other').map((e) => e.code)).toEqual([REPORTABLE, CATALOG_CODE]);
    lineTexts.forEach((text, i) => expect(events[i].line).toBe(capSample(unwrapLine(text.replace(/\ud800/g, '\ufffd')))));
    expect(Math.max(...events.flatMap((e) => [e.line.length]))).toBe(512);
    expect(Math.max(...events.flatMap((e) => [e.labels.api?.length ?? 0, e.labels.request_id?.length ?? 0]))).toBe(128);
  });
});

describe('scan table output on hostile captures', () => {
  it('shows only catalog text and bounded codes: no control character, no payload', () => {
    const r = scan([]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(MARKERS.filter((m) => r.stdout.includes(m))).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('aclnn')).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['aclnn', 'other'],
      ['aclnn', CATALOG_CODE],
      ['aclnn', REPORTABLE],
    ]);
  });
});

describe('label cardinality under 10,000 distinct unknown codes', () => {
  const catalog = loadCatalogs(DEFAULT_CATALOG_DIR);
  const precreatedAclnn = catalogEventSeries(catalog).filter((k) => k.family === 'aclnn').length;
  const precreatedCloud = catalogEventSeries(catalog).filter((k) => k.family === 'huawei-cloud').length;

  it('scan keeps the 50 first as themselves and folds the rest into `other`', () => {
    const file = join(dir, 'ten-thousand.log');
    // 10,000 distinct members of the family's code shape that the catalog lacks (ModelArts has 5-digit codes).
    const lines = Array.from({ length: 10_000 }, (_, i) => `{"error_code":"ModelArts.${20_000 + i}","error_msg":"x"}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = spawnSync(process.execPath, [CLI, 'scan', '--format', 'prom', file], { encoding: 'utf8' });
    const events = select(parseExposition(r.stdout), 'errcode_events_total', { family: 'huawei-cloud' });
    expect(events).toHaveLength(precreatedCloud + 50 + 1);
    expect(select(events, 'errcode_events_total', { code: 'other' }).map((s) => s.value)).toEqual([10_000 - 50]);
    // `other` is not an unknown code (it used to count as the 51st); what it holds is counted as folded.
    expect(select(parseExposition(r.stdout), 'errcode_unknown_codes', { family: 'huawei-cloud' }).map((s) => s.value)).toEqual([50]);
    expect(select(parseExposition(r.stdout), 'errcode_events_folded_total', { family: 'huawei-cloud' }).map((s) => s.value)).toEqual([10_000 - 50]);
  });

  it('the exporter bounds series by itself too, whatever its caller passes: 100 extra codes, then `other`', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { sources: ['device'], processMetrics: false });
    metrics.setCatalog(catalog);
    for (let i = 0; i < 10_000; i++) {
      const code = String(900_000 + i);
      metrics.recordEvent({ family: 'aclnn', code, name: '', class: 'unknown', classBasis: 'unknown', rule: 'r', raw: code, labels: {}, source: 'device', path: '-', lineNo: i, line: '' });
    }
    const samples = parseExposition(await renderExposition(registry));
    expect(select(samples, 'errcode_events_total', { family: 'aclnn' })).toHaveLength(precreatedAclnn + 100 + 1);
    expect(select(samples, 'errcode_events_folded_total', { family: 'aclnn' }).map((s) => s.value)).toEqual([10_000 - 100]);
    expect(select(samples, 'errcode_unknown_codes', { family: 'aclnn' }).map((s) => s.value)).toEqual([100]);
  });
});
