// The catalog text carried once for a fleet: deploy/prometheus/rules/errcode-catalog.yml must be exactly what
// `errcode-exporter catalog recording-rules` gives for the bundled catalogs, say what the exporter's own
// errcode_catalog_info says (same labels, no job or instance), and pass promtool.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogRecordingRules } from '../../src/catalog/catalog-recording-rules.js';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { DEFAULT_CATALOG_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { ExporterMetrics } from '../../src/sinks/metrics/exporter-metrics.js';
import { renderExposition } from '../../src/sinks/metrics/render-exposition.js';
import { parseExposition } from '../sinks/metrics/parse-exposition.js';
import { describeWithTools } from './describe-with-tools.js';

const RULE_FILE = join(PACKAGE_ROOT, 'deploy/prometheus/rules/errcode-catalog.yml');
const CLI = join(PACKAGE_ROOT, 'dist/cli/main.js');
const catalog = loadCatalogs(DEFAULT_CATALOG_DIR);
const tmp = mkdtempSync(join(tmpdir(), 'errcode-catalog-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('deploy/prometheus/rules/errcode-catalog.yml', () => {
  it('is exactly what the bundled catalogs give (regenerate with catalog recording-rules when this fails)', () => {
    expect(readFileSync(RULE_FILE, 'utf8')).toBe(catalogRecordingRules(catalog));
  });

  it("says per code what the exporter's errcode_catalog_info says, with no job or instance", async () => {
    const registry = new Registry();
    new ExporterMetrics(registry, { sources: ['pods'], processMetrics: false }).setCatalog(catalog);
    // Prometheus drops empty label values at ingestion: compare what it would store.
    const exporter = parseExposition(await renderExposition(registry))
      .filter((s) => s.name === 'errcode_catalog_info')
      .map((s) => Object.fromEntries(Object.entries(s.labels).filter(([, v]) => v !== '')));
    const rules = (parse(readFileSync(RULE_FILE, 'utf8')) as { groups: { name: string; rules: RecordingRule[] }[] }).groups;
    expect(rules.map((g) => g.name)).toEqual(['errcode-catalog']);
    const recorded = rules[0]?.rules ?? [];
    expect(recorded.length).toBe(438);
    expect(new Set(recorded.map((r) => `${r.record} ${r.expr}`))).toEqual(new Set(['errcode:catalog_info vector(1)']));
    const key = (l: Record<string, string>): string => JSON.stringify(Object.entries(l).sort());
    expect(recorded.map((r) => key(r.labels)).sort()).toEqual(exporter.map(key).sort());
    expect(recorded.find((r) => r.labels.code === '0x5010B001')?.labels).toEqual({
      family: 'llm-datadist', code: '0x5010B001', name: 'LLM_WAIT_PROC_TIMEOUT', class: 'retryable', recoverable: 'true',
      message: expect.any(String) as unknown as string, remedy: expect.any(String) as unknown as string,
    });
  });

  it('the CLI writes it, --check passes on it and fails with the line and the command on a stale copy', () => {
    const out = join(tmp, 'errcode-catalog.yml');
    expect(cli(['catalog', 'recording-rules', '--output', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(RULE_FILE, 'utf8'));
    expect(cli(['catalog', 'recording-rules', '--output', RULE_FILE, '--check']).status).toBe(0);
    writeFileSync(out, readFileSync(out, 'utf8').replace('code: "161002"', 'code: "161003"'));
    const stale = cli(['catalog', 'recording-rules', '--output', out, '--check']);
    expect(stale.status).toBe(1);
    const line = readFileSync(RULE_FILE, 'utf8').split('\n').findIndex((l) => l.endsWith('code: "161002"')) + 1;
    expect(stale.stderr.split('\n').slice(0, 3)).toEqual([
      `${out}:${line}: differs from what the bundled catalogs generate`,
      '  committed:           code: "161003"',
      '  generated:           code: "161002"',
    ]);
    expect(stale.stderr).toContain(`errcode-exporter catalog recording-rules --output ${out}`);
  });

  it('regenerates from imported catalogs (--catalogs): a code of their own gets its text', () => {
    const dir = join(tmp, 'catalogs');
    spawnSync('cp', ['-r', DEFAULT_CATALOG_DIR, dir]);
    const res = cli(['catalog', 'recording-rules', '--catalogs', dir]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe(readFileSync(RULE_FILE, 'utf8'));
  });
});

describeWithTools(['promtool'], 'errcode-catalog.yml with promtool', () => {
  it('promtool check rules accepts its 438 recording rules', () => {
    const res = spawnSync('promtool', ['check', 'rules', RULE_FILE], { encoding: 'utf8', timeout: 60_000 });
    expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);
    expect(res.stdout).toContain('SUCCESS: 438 rules found');
  });
});
