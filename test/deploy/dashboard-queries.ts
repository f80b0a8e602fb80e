// Reads the shipped Grafana dashboard's PromQL: every target of every panel (rows included), with the
// dashboard variables replaced by values a plain Prometheus query understands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/cli/package-info.js';

export const DASHBOARD_FILE = join(PACKAGE_ROOT, 'deploy/grafana/dashboards/errcode-exporter.json');

export interface DashboardTarget {
  readonly refId: string;
  readonly expr: string;
  readonly instant?: boolean;
}

export interface DashboardPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly type: string; readonly uid: string };
  readonly gridPos: { readonly h: number; readonly w: number; readonly x: number; readonly y: number };
  readonly targets?: readonly DashboardTarget[];
  readonly panels?: readonly DashboardPanel[];
}

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly DashboardPanel[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly type: string; readonly query: { readonly query: string } | string }[] };
}

export function readDashboard(file = DASHBOARD_FILE): Dashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
}

/** Every panel, including those nested in rows. */
export function allPanels(d: Dashboard): DashboardPanel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export interface PanelQuery {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

/** Panel queries with `$job`/`$node`/`$family` as match-all and Grafana's intervals as fixed durations. */
export function panelQueries(d: Dashboard, opts: { range: string; rateInterval: string }): PanelQuery[] {
  return allPanels(d).flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, refId: t.refId, expr: substituteVariables(t.expr, opts) })),
  );
}

export function substituteVariables(expr: string, opts: { range: string; rateInterval: string }): string {
  return expr
    .replaceAll('$__rate_interval', opts.rateInterval)
    .replaceAll('$__range', opts.range)
    .replaceAll('$job', '.*')
    .replaceAll('$node', '.*')
    .replaceAll('$family', '.*');
}

/** The metric selector of each `label_values(selector, label)` variable, as a query that must return series. */
export function variableQueries(d: Dashboard): { name: string; expr: string }[] {
  return d.templating.list.filter((v) => v.type === 'query').map((v) => {
    const query = typeof v.query === 'string' ? v.query : v.query.query;
    const m = /^label_values\((.*),\s*\w+\)$/.exec(query);
    if (!m) throw new Error(`variable ${v.name} is not a label_values() query: ${query}`);
    return { name: v.name, expr: substituteVariables(m[1], { range: '1m', rateInterval: '1m' }) };
  });
}
