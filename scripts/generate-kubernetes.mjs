#!/usr/bin/env node
// Writes the Kubernetes objects that are copies of other deploy/ files, so each fact has one source:
//   deploy/prometheus/rules/*.yml                  -> deploy/kubernetes/generated/prometheus-rule.yaml
//   deploy/grafana/dashboards/errcode-exporter.json -> deploy/kubernetes/generated/grafana-dashboard.yaml
// `--check` writes nothing and exits 1 when a generated file is stale (a test runs it).
// Usage: npm run generate:kubernetes [-- --check]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RULES_DIR = join(ROOT, 'deploy', 'prometheus', 'rules');
const DASHBOARD = join(ROOT, 'deploy', 'grafana', 'dashboards', 'errcode-exporter.json');
/** The compose stack's fixed datasource uid; in a cluster the dashboard asks for a datasource instead. */
const COMPOSE_DATASOURCE_UID = 'errcode-prometheus';

const HEADER = (from) => `# Generated from ${from} by \`npm run generate:kubernetes\`; do not edit (a test fails when it is stale).\n`;

/** Every generated file: path relative to the repository -> content. */
export function generatedFiles() {
  const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml')).sort();
  const groups = files.flatMap((f) => parse(readFileSync(join(RULES_DIR, f), 'utf8')).groups);
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'errcode-exporter' },
    spec: { groups },
  };
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
  const clusterDashboard = JSON.parse(JSON.stringify(dashboard).replaceAll(`"uid":"${COMPOSE_DATASOURCE_UID}"`, '"uid":"${datasource}"'));
  clusterDashboard.templating.list.unshift({
    name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1,
  });
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    // The Grafana sidecar (kube-prometheus-stack's default) loads ConfigMaps with this label.
    metadata: { name: 'errcode-exporter-dashboard', labels: { grafana_dashboard: '1' } },
    data: { 'errcode-exporter.json': `${JSON.stringify(clusterDashboard, null, 2)}\n` },
  };
  return new Map([
    ['deploy/kubernetes/generated/prometheus-rule.yaml', HEADER(`deploy/prometheus/rules/ (${files.join(', ')})`) + stringify(rule, { lineWidth: 0 })],
    ['deploy/kubernetes/generated/grafana-dashboard.yaml', HEADER('deploy/grafana/dashboards/errcode-exporter.json') + stringify(configMap, { lineWidth: 0 })],
  ]);
}

function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [rel, content] of generatedFiles()) {
    const path = join(ROOT, rel);
    let current;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === content) continue;
    if (check) {
      process.stderr.write(`${rel} is stale: run npm run generate:kubernetes\n`);
      stale++;
    } else {
      writeFileSync(path, content);
      process.stdout.write(`wrote ${rel}\n`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
