// deploy/kubernetes as `kubectl kustomize` renders it (offline), every object validated against the
// Kubernetes and prometheus-operator schemas (kubernetes-models), the PrometheusRule checked by promtool and
// compared with deploy/prometheus (its one source), the node config loaded by the exporter's own loader.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { PodMonitor, PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { beforeAll, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { loadRunConfig } from '../../src/config/load-run-config.js';
import { describeWithTools } from './describe-with-tools.js';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

/** Each kind's schema model: `new Model(obj).validate()` throws on a violation. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/DaemonSet': DaemonSet,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

function run(tool: string, args: string[]): { status: number | null; output: string; stdout: string } {
  const res = spawnSync(tool, args, { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, output: `${res.stdout}${res.stderr}`, stdout: res.stdout };
}

const find = (objects: readonly K8sObject[], kind: string, name?: string): K8sObject => {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found === undefined) throw new Error(`no ${kind} ${name ?? ''}`);
  return found;
};

describeWithTools(['kubectl', 'promtool'], 'deploy/kubernetes', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    const res = run('kubectl', ['kustomize', 'deploy/kubernetes']);
    expect(res.status, res.output).toBe(0);
    objects = parseAllDocuments(res.stdout).map((d) => d.toJS() as K8sObject);
  });

  it('renders exactly the objects of a node-level deployment, all in one namespace', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/errcode-exporter-config',
      'ConfigMap/errcode-exporter-dashboard',
      'DaemonSet/errcode-exporter',
      'Namespace/errcode-exporter',
      'NetworkPolicy/errcode-exporter',
      'PodMonitor/errcode-exporter',
      'PrometheusRule/errcode-exporter',
      'Service/errcode-exporter',
      'ServiceAccount/errcode-exporter',
    ]);
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'errcode-exporter')).toBe(true);
  });

  it('validates every object against its Kubernetes or prometheus-operator schema', () => {
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(Model, `${o.apiVersion}/${o.kind} has a schema model`).toBeDefined();
      if (Model !== undefined) expect(() => new Model(o as never).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
    }
  });

  it('the schema check can fail: a mistyped port and a missing container name are refused', () => {
    const ds = structuredClone(find(objects, 'DaemonSet')) as unknown as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    const container = ds.spec.template.spec.containers[0] ?? {};
    container.ports = [{ containerPort: 'metrics' }];
    delete container.name;
    expect(() => new DaemonSet(ds as never).validate()).toThrow(/containerPort must be integer|must have required property 'name'/);
  });

  it('runs the exporter non-root, logs read-only, positions on the node, NODE_NAME from the downward API, probes, limits, NPU taints tolerated', () => {
    const ds = find(objects, 'DaemonSet') as unknown as { spec: { template: { spec: PodSpec } } };
    const pod = ds.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, supplementalGroups: [0, 1000] });
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    const [exporter] = pod.containers;
    expect(exporter?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(exporter?.env).toContainEqual({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    // Probes run `healthcheck`, which reads the settings `run` reads from the same environment (TLS, auth, port).
    expect(exporter?.readinessProbe?.exec?.command).toEqual(['node', '/app/dist/cli/main.js', 'healthcheck', '--ready', '--quiet', '--timeout', '4s']);
    expect(exporter?.livenessProbe?.exec?.command).toEqual(['node', '/app/dist/cli/main.js', 'healthcheck', '--quiet', '--timeout', '4s']);
    expect(exporter?.env).toContainEqual({ name: 'ERRCODE_CONFIG', value: '/etc/errcode-exporter/config.yaml' });
    expect(exporter?.env).toContainEqual({ name: 'ERRCODE_WEB_LISTEN_ADDRESS', value: ':10135' });
    expect(exporter?.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    const mounts = new Map((exporter?.volumeMounts ?? []).map((m) => [m.mountPath, m.readOnly === true]));
    expect([...mounts].sort()).toEqual([
      ['/etc/errcode-exporter', true], ['/var/lib/errcode-exporter', false], ['/var/log/ascend', true],
      ['/var/log/mindx-dl', true], ['/var/log/npu', true], ['/var/log/pods', true],
    ]);
    expect(pod.volumes.find((v) => v.name === 'positions')?.hostPath).toEqual({ path: '/var/lib/errcode-exporter', type: 'DirectoryOrCreate' });
  });

  it("has probe commands the built CLI accepts: nothing listening is unhealthy (exit 1), not a usage error (2)", () => {
    const ds = find(objects, 'DaemonSet') as unknown as { spec: { template: { spec: PodSpec } } };
    const [exporter] = ds.spec.template.spec.containers;
    const env: NodeJS.ProcessEnv = { ...process.env, ERRCODE_WEB_LISTEN_ADDRESS: '127.0.0.1:1' };
    delete env.ERRCODE_CONFIG;
    for (const probe of [exporter?.readinessProbe, exporter?.livenessProbe]) {
      const args = (probe?.exec?.command ?? []).slice(2); // after `node /app/dist/cli/main.js`
      const res = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'dist', 'cli', 'main.js'), ...args], {
        encoding: 'utf8', timeout: 30_000, env,
      });
      expect({ args, status: res.status }).toEqual({ args, status: 1 });
    }
  });

  it("ships a node config the exporter's own loader accepts, with the Ascend host inputs and /var/log/pods", () => {
    const cm = find(objects, 'ConfigMap', 'errcode-exporter-config') as unknown as { data: Record<string, string> };
    const dir = mkdtempSync(join(tmpdir(), 'errcode-k8s-config-'));
    try {
      const file = join(dir, 'config.yaml');
      writeFileSync(file, cm.data['config.yaml'] ?? '');
      const config = loadRunConfig({ config: file, watch: [], name: 'files', stdin: false, fromBeginning: false, poll: false }, { rulesDir: 'rules', catalogDir: 'catalogs' });
      expect(config.inputs.map((i) => [i.name, i.include])).toEqual([
        ['pods', ['/var/log/pods/**/*.log']],
        ['plog', ['/var/log/ascend/debug/plog/*.log', '/var/log/ascend/debug/device-*/*.log', '/var/log/ascend/run/plog/*.log']],
        ['slog', ['/var/log/npu/slog/**/*.log']],
        ['mindx-dl', ['/var/log/mindx-dl/**/*.log']],
      ]);
      expect(config.positionsFile).toBe('/var/lib/errcode-exporter/positions.json');
      // The cluster carries the catalog text once (errcode:catalog_info rules), not every node.
      expect(config.metrics).toEqual({ catalog_info: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scrapes every pod as job errcode-exporter with its node, and admits only Prometheus to the port', () => {
    const pm = find(objects, 'PodMonitor') as unknown as { spec: { podMetricsEndpoints: { port: string; relabelings: unknown[] }[] } };
    expect(pm.spec.podMetricsEndpoints[0]?.relabelings).toEqual([
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' },
      { targetLabel: 'job', replacement: 'errcode-exporter' },
    ]);
    const np = find(objects, 'NetworkPolicy') as unknown as { spec: { policyTypes: string[]; ingress: { ports: unknown[] }[] } };
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    expect(np.spec.ingress[0]?.ports).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
  });

  it('carries the rules of deploy/prometheus unchanged, and promtool accepts them', () => {
    const rule = find(objects, 'PrometheusRule') as unknown as { spec: { groups: unknown[] } };
    // Every file of deploy/prometheus/rules, in name order: the hand-written alerts, the level alerts, the generated escalations and the catalog text's recording rules.
    const rulesDir = join(PACKAGE_ROOT, 'deploy', 'prometheus', 'rules');
    const files = readdirSync(rulesDir).filter((f) => f.endsWith('.yml')).sort();
    expect(files).toEqual(['errcode-alerts.yml', 'errcode-catalog.yml', 'errcode-escalation.yml', 'errcode-levels.yml']);
    const groups = files.flatMap((f) => (parse(readFileSync(join(rulesDir, f), 'utf8')) as { groups: { rules: unknown[] }[] }).groups);
    expect(rule.spec.groups).toEqual(groups);
    const dir = mkdtempSync(join(tmpdir(), 'errcode-k8s-rules-'));
    try {
      const file = join(dir, 'rules.yml');
      writeFileSync(file, JSON.stringify({ groups: rule.spec.groups }));
      const res = run('promtool', ['check', 'rules', file]);
      expect(res.status, res.output).toBe(0);
      expect(res.output).toContain(`SUCCESS: ${groups.flatMap((g) => g.rules).length} rules found`);
      expect(groups.flatMap((g) => g.rules).length).toBeGreaterThanOrEqual(17 + 438);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('labels the dashboard for the Grafana sidecar and lets it pick the Prometheus datasource', () => {
    const cm = find(objects, 'ConfigMap', 'errcode-exporter-dashboard') as unknown as { metadata: { labels: Record<string, string> }; data: Record<string, string> };
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    const json = cm.data['errcode-exporter.json'] ?? '';
    expect(json).not.toContain('errcode-prometheus');
    const dashboard = JSON.parse(json) as { templating: { list: { name: string; type: string }[] }; panels: unknown[] };
    expect(dashboard.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource' });
  });

  it('generated files are what `npm run generate:kubernetes` writes now (stale ones fail here)', () => {
    const res = run(process.execPath, ['scripts/generate-kubernetes.mjs', '--check']);
    expect(res.status, res.output).toBe(0);
  });
});

interface PodSpec {
  securityContext: Record<string, unknown>;
  tolerations: unknown[];
  containers: {
    securityContext?: Record<string, unknown>;
    env?: unknown[];
    args?: string[];
    readinessProbe?: { exec?: { command: string[] } };
    livenessProbe?: { exec?: { command: string[] } };
    resources?: unknown;
    volumeMounts?: { mountPath: string; readOnly?: boolean }[];
  }[];
  volumes: { name: string; hostPath?: unknown }[];
}
