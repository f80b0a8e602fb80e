// A cluster simulated for real: N exporter processes (20 by default, FLEET_NODES to change it), each with its
// own node name and its own /var/log/pods tree, one real Prometheus scraping them all with the shipped rules,
// and a real Alertmanager with the shipped routing. A fatal code in one pod on one node must page exactly once,
// naming that node and pod; the dashboard's queries must aggregate across nodes. Each node runs with the
// `metrics:` settings of the shipped Kubernetes node config (no errcode_catalog_info: Prometheus carries the
// text once as errcode:catalog_info); FLEET_METRICS='{"zero_series":false}' (JSON) overrides them. Prints per-node
// figures (series, scrape bytes plain and gzip, scrape duration, exporter CPU); docs/deploy.md#sizing has them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { panelQueries, readDashboard } from '../deploy/dashboard-queries.js';
import { describeWithTools } from '../deploy/describe-with-tools.js';
import { TestProcess } from './support/child-process.js';
import { exporterUrl } from './support/exporter-url.js';
import { MonitoringStack } from './support/monitoring-stack.js';
import { pollUntil } from './support/poll.js';
import { instantQuery } from './support/prometheus-api.js';

const CLI = join(PACKAGE_ROOT, 'dist/cli/main.js');
const NODES = Number(process.env.FLEET_NODES ?? 20);
const FATAL_NODE = 7;
const RETRYABLE_NODES = [2, 11, 19].filter((n) => n < NODES);
const CLK_TCK = 100;
/** The shipped node config's `metrics:` section, with FLEET_METRICS's settings over it. */
const SHIPPED = parse((parse(readFileSync(join(PACKAGE_ROOT, 'deploy/kubernetes/config-map.yaml'), 'utf8')) as { data: Record<string, string> }).data['config.yaml'] ?? '') as { metrics?: Record<string, boolean> };
const METRICS: Record<string, boolean> = { ...SHIPPED.metrics, ...(JSON.parse(process.env.FLEET_METRICS ?? '{}') as Record<string, boolean>) };
const ZERO_SERIES = METRICS.zero_series !== false;
/** The shipped PodMonitor's relabelings as Prometheus relabel_configs (the operator writes them the same way). */
const POD_MONITOR_RELABELINGS = (parse(readFileSync(join(PACKAGE_ROOT, 'deploy/kubernetes/pod-monitor.yaml'), 'utf8')) as {
  spec: { podMetricsEndpoints: { relabelings: { sourceLabels?: string[]; targetLabel: string; replacement?: string }[] }[] };
}).spec.podMetricsEndpoints[0]?.relabelings.map((r) => ({
  ...(r.sourceLabels !== undefined && { source_labels: r.sourceLabels }),
  target_label: r.targetLabel,
  ...(r.replacement !== undefined && { replacement: r.replacement }),
}));
const CATALOG_INFO = METRICS.catalog_info !== false;
/** Catalog entries with text: one errcode:catalog_info series each in the shipped recording rules, one errcode_catalog_info per exporter. */
const CATALOG_ENTRIES = (parse(readFileSync(join(PACKAGE_ROOT, 'deploy/prometheus/rules/errcode-catalog.yml'), 'utf8')) as {
  groups: { rules: { record?: string }[] }[];
}).groups.flatMap((g) => g.rules).filter((r) => r.record === 'errcode:catalog_info').length;

const node = (i: number): string => `npu-node-${String(i).padStart(2, '0')}`;
const cri = (message: string): string => `${new Date().toISOString().replace('Z', '000000Z')} stderr F ${message}\n`;
const FATAL_MESSAGE = 'RuntimeError: NPU function error: call aclnnAddmm failed, error code is 161002';
const RETRYABLE_MESSAGE = 'WARN ocr-client response 429 {"error_code":"APIGW.0308","error_msg":"The request is sent too fast."}';

interface FleetNode {
  readonly name: string;
  readonly url: string;
  readonly logFile: string;
  readonly process: TestProcess;
}

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

describeWithTools(['prometheus', 'prometheus-alertmanager'], `a fleet of ${NODES} exporters behind one Prometheus`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-fleet-'));
  const stack = new MonitoringStack(dir);
  const fleet: FleetNode[] = [];
  const logs = (): string => `${fleet[FATAL_NODE]?.process.log() ?? ''}\n${stack.logs()}`;

  beforeAll(async () => {
    for (let i = 0; i < NODES; i++) {
      const name = node(i);
      const podDir = join(dir, name, 'var', 'log', 'pods', `train_vllm-${i}_6f1c2a34-8b1e-4d2f-9a77-${String(i).padStart(12, '0')}`, 'worker');
      mkdirSync(podDir, { recursive: true });
      const logFile = join(podDir, '0.log');
      writeFileSync(logFile, cri('INFO worker started'));
      const config = join(dir, name, 'config.yaml');
      writeFileSync(config, stringify({ inputs: [{ name: 'pods', include: [`${join(dir, name, 'var', 'log', 'pods')}/**/*.log`] }], metrics: METRICS }));
      const proc = new TestProcess(name, process.execPath, [CLI, 'run', '--config', config, '--web.listen-address', '127.0.0.1:0', '--log.format', 'json']);
      const n = { name, url: await exporterUrl(proc), logFile, process: proc };
      fleet.push(n);
      // One at a time: twenty Node.js start-ups at once on a busy 2-core machine starve each other.
      await pollUntil(async () => ((await fetch(`${n.url}/readyz`)).ok ? true : undefined), { timeoutMs: 60_000, what: `${n.name} to be ready`, context: () => n.process.log() });
    }
    // Each target as Kubernetes discovery gives a pod (its node in __meta_kubernetes_pod_node_name), relabeled
    // exactly as the shipped PodMonitor says: that is what puts `node` on every series, `up` included.
    await stack.start(fleet.map((n) => ({ target: n.url.slice('http://'.length), labels: { __meta_kubernetes_pod_node_name: n.name } })), {
      scrapeInterval: '2s',
      relabelConfigs: POD_MONITOR_RELABELINGS,
    });
    // Every node's zero series of the fatal code is in Prometheus: the line written next is an increase.
    // Without zero series: every node is scraped, and the fleet-wide catalog text is recorded.
    const ready = ZERO_SERIES ? 'count(errcode_events_total{family="aclnn",code="161002",class="fatal",source="pods"} == 0)' : 'count(errcode_build_info)';
    await pollUntil(async () => {
      const r = await instantQuery(stack.prometheusUrl, ready);
      const text = await instantQuery(stack.prometheusUrl, 'count(errcode:catalog_info)');
      return r[0]?.value[1] === String(NODES) && text[0]?.value[1] === String(CATALOG_ENTRIES) ? true : undefined;
    }, { timeoutMs: 90_000, what: `all ${NODES} nodes and the catalog text in Prometheus`, context: logs });
  }, 600_000);

  afterAll(async () => {
    await Promise.all(fleet.map((n) => n.process.stop()));
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages exactly once for a fatal code on one node, naming its node and pod; the dashboard aggregates across nodes', async () => {
    const fatal = fleet[FATAL_NODE];
    if (fatal === undefined) throw new Error(`the fleet needs more than ${FATAL_NODE} nodes`);
    if (!ZERO_SERIES) {
      // A series born at its first count has no rate yet: the first retryable lines make the series, the next ones move them.
      for (const i of RETRYABLE_NODES) appendFileSync(fleet[i]?.logFile ?? '', cri(RETRYABLE_MESSAGE));
      await pollUntil(async () => {
        const r = await instantQuery(stack.prometheusUrl, 'count(errcode_events_total{code="APIG.0308"})');
        return r[0]?.value[1] === String(RETRYABLE_NODES.length) ? true : undefined;
      }, { timeoutMs: 60_000, what: 'the retryable series born on their nodes', context: logs });
    }
    for (const i of RETRYABLE_NODES) appendFileSync(fleet[i]?.logFile ?? '', cri(RETRYABLE_MESSAGE));
    // The fatal code's first occurrence on its node: with or without a zero series, it must page.
    appendFileSync(fatal.logFile, cri(FATAL_MESSAGE));

    const pages = await pollUntil(() => {
      const firing = stack.webhook.notifications.filter((n) => n.some((a) => a.status === 'firing' && a.labels.alertname === 'ErrcodeFatalCode'));
      return firing.length > 0 ? firing : undefined;
    }, { timeoutMs: 90_000, what: 'the fatal page at the webhook', context: logs });
    expect(pages).toHaveLength(1);
    expect(pages[0]?.map((a) => ({ node: a.labels.node, namespace: a.labels.namespace, pod: a.labels.pod, code: a.labels.code, severity: a.labels.severity }))).toEqual([
      { node: fatal.name, namespace: 'train', pod: `vllm-${FATAL_NODE}`, code: '161002', severity: 'page' },
    ]);
    expect(pages[0]?.[0]?.annotations.summary).toBe(`Fatal aclnn code 161002 ACLNN_ERR_PARAM_INVALID in pods pod train/vllm-${FATAL_NODE} on ${fatal.name}`);
    const alerts = await instantQuery(stack.prometheusUrl, 'ALERTS{alertname="ErrcodeFatalCode",alertstate="firing"}');
    expect(alerts.map((a) => `${a.metric.node} ${a.metric.namespace}/${a.metric.pod}`)).toEqual([`${fatal.name} train/vllm-${FATAL_NODE}`]);

    // Cluster-wide panels: one series per code whatever the number of nodes, totals summed over them.
    const queries = panelQueries(readDashboard(), { range: '10m', rateInterval: '1m' });
    const panel = async (title: string): Promise<{ metric: Record<string, string>; value: number }[]> => {
      const q = queries.find((p) => p.panel === title);
      if (q === undefined) throw new Error(`no panel ${title}`);
      return (await instantQuery(stack.prometheusUrl, q.expr)).map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
    };
    // Every catalog code has a zero series on every node: the panels list codes with a rate above 0.
    const moving = async (title: string): Promise<string[]> => (await panel(title)).filter((s) => s.value > 0).map((s) => s.metric.code ?? '');
    await pollUntil(async () => ((await moving('Retryable events per minute by code')).length === 1 ? true : undefined), { timeoutMs: 30_000, what: 'the retryable rate panel', context: logs });
    expect((await panel('Exporters up')).map((s) => s.value)).toEqual([NODES]);
    // Every series of every node carries its node, `up` (which no exporter-side label could reach) included.
    const nodes = Array.from({ length: NODES }, (_, i) => node(i));
    expect((await instantQuery(stack.prometheusUrl, 'up{job="errcode-exporter"}')).map((s) => s.metric.node).sort()).toEqual(nodes);
    expect(await instantQuery(stack.prometheusUrl, '{job="errcode-exporter",node="",__name__!~".+:.+"}')).toEqual([]);
    // And the recording rules alerts are made of keep it: a retryable storm's ticket names the node too.
    const storming = async (): Promise<string[]> => (await instantQuery(stack.prometheusUrl, 'errcode:retryable_events:rate5m > 0')).map((s) => s.metric.node ?? '').sort();
    await pollUntil(async () => ((await storming()).length === RETRYABLE_NODES.length ? true : undefined), { timeoutMs: 30_000, what: 'a retryable rate on each node that wrote one', context: logs });
    expect(await storming()).toEqual(RETRYABLE_NODES.map(node));
    expect(await moving('Retryable events per minute by code')).toEqual(['APIG.0308']);
    // Without zero series a first occurrence pages but has no rate: the dashboard does not show it.
    expect(await moving('Fatal events per minute by code')).toEqual(ZERO_SERIES ? ['161002'] : []);
    const top = await panel('Top codes with meaning and remedy');
    expect(top.map((s) => `${s.metric.class} ${s.metric.code}`).sort()).toEqual(ZERO_SERIES ? ['fatal 161002', 'retryable APIG.0308'] : ['retryable APIG.0308']);
    // The text comes from the fleet-wide errcode:catalog_info; with catalog_info off no node exposes its own.
    expect(top.map((s) => s.metric.message ?? '').filter((m) => m === '')).toEqual([]);
    expect((await instantQuery(stack.prometheusUrl, 'count(errcode_catalog_info)')).map((s) => s.value[1])).toEqual(CATALOG_INFO ? [String(CATALOG_ENTRIES * NODES)] : []);
    expect(pages[0]?.[0]?.annotations.meaning).not.toBe('');
    // increase() extrapolates: each node's 0 -> 1 counts as at least 1, so the sum is at least the nodes that wrote it.
    const retryableTotal = (await panel('Retryable events'))[0]?.value ?? 0;
    expect(retryableTotal).toBeGreaterThanOrEqual(RETRYABLE_NODES.length);
    // Without zero series each node's 1 -> 2 spans a few seconds of samples, which increase() extrapolates by
    // up to half a scrape interval at each end: up to about 2.5 per node.
    expect(retryableTotal).toBeLessThan(RETRYABLE_NODES.length * (ZERO_SERIES ? 2 : 3));

    // Still exactly one page after the alert has been evaluated a few more times.
    const firingSamples = async (): Promise<number> => Number((await instantQuery(stack.prometheusUrl, 'count_over_time(ALERTS{alertname="ErrcodeFatalCode",alertstate="firing"}[1h])'))[0]?.value[1] ?? 0);
    const seen = await firingSamples();
    await pollUntil(async () => ((await firingSamples()) >= seen + 5 ? true : undefined), { timeoutMs: 60_000, what: 'five more evaluations of the firing alert' });
    expect(stack.webhook.notifications.filter((n) => n.some((a) => a.status === 'firing' && a.labels.alertname === 'ErrcodeFatalCode'))).toHaveLength(1);
  }, 240_000);

  it('measures each node: series, scrape bytes plain and gzip, scrape duration, exporter CPU', async () => {
    const cpuBefore = fleet.map((n) => cpuSeconds(n.process.pid ?? -1));
    const startedAt = Date.now();
    // A window of at least 10 s in which every node was scraped (about 5 scrapes each at one per 2 s).
    await pollUntil(async () => {
      const r = await instantQuery(stack.prometheusUrl, 'min(timestamp(up{job="errcode-exporter"}))');
      return Number(r[0]?.value[1] ?? 0) * 1000 >= startedAt + 10_000 ? true : undefined;
    }, { timeoutMs: 60_000, what: 'every node scraped 10 s after the window opened' });
    const seconds = (Date.now() - startedAt) / 1000;
    const cpu = fleet.map((n, i) => (cpuSeconds(n.process.pid ?? -1) - (cpuBefore[i] ?? 0)) / seconds);

    const samples = (await instantQuery(stack.prometheusUrl, 'scrape_samples_scraped{job="errcode-exporter"}')).map((s) => Number(s.value[1]));
    const durations = (await instantQuery(stack.prometheusUrl, 'max_over_time(scrape_duration_seconds{job="errcode-exporter"}[20s])')).map((s) => Number(s.value[1]));
    const quiet = fleet[0];
    if (quiet === undefined) throw new Error('no node');
    const plain = Buffer.from(await (await fetch(`${quiet.url}/metrics`)).arrayBuffer());
    const gzipRes = await fetch(`${quiet.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipRes.headers.get('content-encoding')).toBe('gzip');
    // fetch() decompresses; the bytes on the wire are what the exporter's gzip of the same text is.
    const gzipBytes = gzipSync(plain).length;
    // What errcode_catalog_info's text costs in every scrape of every node (nothing with catalog_info: false).
    const infoLines = plain.toString('utf8').split('\n').filter((l) => l.startsWith('errcode_catalog_info{'));
    const infoBytes = infoLines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    const series = samples.length === 0 ? 0 : Math.min(...samples);
    const report = {
      nodes: NODES,
      metrics: METRICS,
      seriesPerNode: { min: series, max: Math.max(...samples) },
      scrapeBytesPlain: plain.length,
      scrapeBytesGzip: gzipBytes,
      catalogInfo: { series: infoLines.length, bytesPlain: infoBytes },
      scrapeDurationMs: { min: Math.round(Math.min(...durations) * 1000), max: Math.round(Math.max(...durations) * 1000) },
      exporterCpuPercentOfACore: { median: Math.round([...cpu].sort((a, b) => a - b)[Math.floor(cpu.length / 2)]! * 1000) / 10, max: Math.round(Math.max(...cpu) * 1000) / 10 },
      window: `${seconds.toFixed(1)} s at one scrape per 2 s`,
    };
    console.log(`fleet figures: ${JSON.stringify(report)}`);
    expect(samples).toHaveLength(NODES);
    // Every node carries the same pre-created series; nodes differ by a few: the pod series of those with
    // events, and Node.js's GC histograms (one set per kind of collection the process has run).
    expect(Math.max(...samples) - series).toBeLessThanOrEqual(40);
  }, 120_000);
});
