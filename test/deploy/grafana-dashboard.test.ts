// The Grafana provisioning and dashboard: consistent with each other, and every query valid PromQL
// (parsed by the real promtool). test/e2e runs the same queries against a live Prometheus.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { allPanels, panelQueries, readDashboard, variableQueries } from './dashboard-queries.js';
import { describeWithTools } from './describe-with-tools.js';

const GRAFANA = join(PACKAGE_ROOT, 'deploy/grafana');
const dashboard = readDashboard();

interface DatasourceFile {
  apiVersion: number;
  datasources: { name: string; uid: string; type: string; url: string }[];
}

describe('Grafana provisioning and dashboard', () => {
  it('is portable: no datasource uid, every panel and query on the ${datasource} variable, an import input for it', () => {
    const ds = parse(readFileSync(join(GRAFANA, 'provisioning/datasources/prometheus.yml'), 'utf8')) as DatasourceFile;
    expect(ds.datasources.map((d) => [d.uid, d.type, d.url])).toEqual([['errcode-prometheus', 'prometheus', 'http://prometheus:9090']]);
    const text = readFileSync(join(GRAFANA, 'dashboards/errcode-exporter.json'), 'utf8');
    expect(text).not.toContain('errcode-prometheus');
    const panels = allPanels(dashboard).filter((p) => p.type !== 'row');
    expect(panels.filter((p) => p.datasource?.uid !== '${datasource}').map((p) => p.title)).toEqual([]);
    const targets = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, ds: (t as { datasource?: { uid: string } }).datasource?.uid })));
    expect(targets.filter((t) => t.ds !== '${datasource}')).toEqual([]);
    const raw = JSON.parse(text) as { __inputs: { name: string; type: string; pluginId: string }[]; id: unknown };
    expect(raw.__inputs.map((i) => [i.name, i.type, i.pluginId])).toEqual([['DS_PROMETHEUS', 'datasource', 'prometheus']]);
    expect(raw.id).toBeNull();
  });

  it('has datasource, job, node and family variables, and every query filters on job and node', () => {
    expect(dashboard.templating.list.map((v) => [v.name, v.type])).toEqual([
      ['datasource', 'datasource'], ['job', 'query'], ['node', 'query'], ['family', 'query'], ['status_url', 'textbox'], ['docs_url', 'textbox'],
    ]);
    const exprs = allPanels(dashboard).flatMap((p) => (p.targets ?? []).map((t) => [p.title, t.expr] as const));
    expect(exprs.filter(([, e]) => !e.includes('job=~"$job"') || !e.includes('instance=~"$node"')).map(([t]) => t)).toEqual([]);
    expect(exprs.filter(([, e]) => e.includes('job="errcode-exporter"')).map(([t]) => t)).toEqual([]);
  });

  it('links a code in the code tables to its explanation on the status page', () => {
    type Linked = { title: string; fieldConfig?: { overrides: { matcher: { options: string }; properties: { id: string; value: { url: string }[] }[] }[] } };
    const linked = (allPanels(dashboard) as unknown as Linked[]).filter((p) => p.fieldConfig?.overrides.some((o) => o.matcher.options === 'code' && o.properties.some((q) => q.id === 'links')));
    expect(linked.map((p) => p.title)).toEqual(['Top codes with meaning and remedy', 'Unknown codes seen']);
    const urls = linked.flatMap((p) => p.fieldConfig?.overrides.flatMap((o) => o.properties.flatMap((q) => q.value.map((v) => v.url))) ?? []);
    expect(urls).toContain('${status_url}/?family=${__data.fields.family}&code=${__data.fields.code}');
  });

  it('has unique panel ids, fits the 24-column grid and gives every panel a query', () => {
    const panels = allPanels(dashboard);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    expect(panels.filter((p) => p.gridPos.x + p.gridPos.w > 24).map((p) => p.title)).toEqual([]);
    expect(panels.filter((p) => p.type !== 'row' && (p.targets ?? []).length === 0).map((p) => p.title)).toEqual([]);
    expect(panels.filter((p) => p.type !== 'row').length).toBe(21);
  });

  it('covers what operators asked for: fatal and retryable rates, top codes with remedy, unknowns, NPU handling levels, ingest, lag, rotations', () => {
    const titles = allPanels(dashboard).map((p) => p.title);
    for (const t of [
      'Fatal events per minute by code',
      'Retryable events per minute by code',
      'Top codes with meaning and remedy',
      'Unknown codes seen',
      'Lines read per second by source',
      'Lag: bytes written but not read',
      'Rotations and truncations',
      'NPU fault events by MindCluster handling level',
    ]) expect(titles).toContain(t);
    const top = allPanels(dashboard).find((p) => p.title === 'Top codes with meaning and remedy');
    expect(top?.targets?.[0].expr).toContain('group_left (message, remedy)');
  });

  it('only uses dashboard variables it defines', () => {
    const defined = new Set(dashboard.templating.list.map((v) => v.name));
    const used = new Set(
      allPanels(dashboard)
        .flatMap((p) => (p.targets ?? []).map((t) => t.expr))
        .flatMap((e) => [...e.matchAll(/\$(\w+)/g)].map((m) => m[1]))
        .filter((v) => !v.startsWith('__')),
    );
    expect([...used].filter((v) => !defined.has(v))).toEqual([]);
  });
});

describeWithTools(['promtool'], 'Grafana dashboard queries with promtool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-dash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses every panel and variable query as PromQL', () => {
    const exprs = [...panelQueries(dashboard, { range: '1h', rateInterval: '1m' }).map((q) => q.expr), ...variableQueries(dashboard).map((v) => v.expr)];
    const rules = { groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }] };
    const file = join(dir, 'dashboard-queries.yml');
    writeFileSync(file, JSON.stringify(rules));
    const res = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);
    expect(res.stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(exprs.length).toBe(24);
  });
});
