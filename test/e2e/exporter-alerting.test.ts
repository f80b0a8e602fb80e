// End to end with real processes: `errcode-exporter run` tailing temp log files, Prometheus scraping it every
// second with the shipped alert rules, Alertmanager with the shipped routing posting to a webhook this test
// runs. A fatal-code line must reach the webhook as ErrcodeFatalCode with the catalog's meaning and remedy;
// a retryable line must not page. The live /metrics passes `promtool check metrics`, and every Grafana panel
// query returns data from this Prometheus.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { DEFAULT_CATALOG_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { catalogInfoLabels } from '../../src/sinks/metrics/catalog-series.js';
import { panelQueries, readDashboard, variableQueries } from '../deploy/dashboard-queries.js';
import { describeWithTools } from '../deploy/describe-with-tools.js';
import { TestProcess } from './support/child-process.js';
import { exporterUrl as servingUrl } from './support/exporter-url.js';
import { MonitoringStack } from './support/monitoring-stack.js';
import { pollUntil } from './support/poll.js';
import { instantQuery } from './support/prometheus-api.js';

const CLI = join(PACKAGE_ROOT, 'dist/cli/main.js');
// Lines in the formats the bundled rules' own tests use: aclnn 161002 (fatal), Huawei Cloud APIG.0308
// (retryable, spelled APIGW by real gateways) and an aclnn value the catalog does not have.
const FATAL_LINE = '[ERROR] ASCENDCL(24871,python3):2026-05-24-10:11:12.345.678 [op_api.cpp:188]24902 NPU function error: call aclnnAddmm failed, error code is 161002';
const RETRYABLE_LINE = '2026-05-24T02:11:12.345Z WARN ocr-client response 429 {"error_code":"APIGW.0308","error_msg":"The request is sent too fast."}';
const UNKNOWN_LINE = '[ERROR] ASCENDCL(24871,python3):2026-05-24-10:11:13.000.000 [op_api.cpp:188]24902 NPU function error: call aclnnGelu failed, error code is 161999';
const FATAL = { family: 'aclnn', code: '161002', class: 'fatal' };
const RETRYABLE = { family: 'huawei-cloud', code: 'APIG.0308', class: 'retryable' };

const selector = (l: Record<string, string>): string => `{${Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(',')}}`;

describeWithTools(['prometheus', 'prometheus-alertmanager', 'promtool'], 'exporter -> Prometheus -> Alertmanager -> webhook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-e2e-'));
  const logFile = join(dir, 'logs', 'app.log');
  const stack = new MonitoringStack(dir);
  let exporter: TestProcess | undefined;
  let exporterUrl = '';
  const logs = (): string => `${exporter?.log() ?? ''}\n${stack.logs()}`;

  beforeAll(async () => {
    mkdirSync(join(dir, 'logs'));
    writeFileSync(logFile, 'exporter e2e start\n');
    exporter = new TestProcess('exporter', process.execPath, [CLI, 'run', '--watch', join(dir, 'logs', '*.log'), '--web.listen-address', '127.0.0.1:0']);
    exporterUrl = await servingUrl(exporter);
    await pollUntil(async () => ((await fetch(`${exporterUrl}/readyz`)).ok ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the exporter to be ready',
      context: logs,
    });
    await stack.start(exporterUrl.slice('http://'.length));
    // The fatal and retryable series exist at 0 before any event: wait until Prometheus has a zero sample
    // of both, so the lines written next are increases it can see.
    for (const s of [FATAL, RETRYABLE]) {
      await pollUntil(async () => ((await instantQuery(stack.prometheusUrl, `errcode_events_total${selector(s)} == 0`)).length > 0 ? true : undefined), {
        timeoutMs: 30_000,
        what: `Prometheus to scrape the zero series of ${s.family} ${s.code}`,
        context: logs,
      });
    }
    appendFileSync(logFile, `${FATAL_LINE}\n${RETRYABLE_LINE}\n${UNKNOWN_LINE}\n`);
  }, 120_000);

  afterAll(async () => {
    await exporter?.stop();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages on the fatal code with family, code, name, meaning and remedy from the catalog', async () => {
    const alert = await pollUntil(() => stack.webhook.alerts.find((a) => a.labels.alertname === 'ErrcodeFatalCode'), {
      timeoutMs: 60_000,
      what: 'ErrcodeFatalCode at the webhook',
      context: logs,
    });
    const entry = loadCatalogs(DEFAULT_CATALOG_DIR).lookup('aclnn', '161002');
    if (entry === undefined) throw new Error('aclnn 161002 is missing from the bundled catalog');
    const info = catalogInfoLabels(entry);
    const { instance, source, ...labels } = alert.labels;
    expect([alert.receiver, alert.status, instance, source.length > 0]).toEqual(['oncall', 'firing', exporterUrl.replace('http://', ''), true]);
    expect(labels).toEqual({
      alertname: 'ErrcodeFatalCode',
      severity: 'page',
      job: 'errcode-exporter',
      family: 'aclnn',
      code: '161002',
      name: 'ACLNN_ERR_PARAM_INVALID',
      message: info.message,
      remedy: info.remedy,
    });
    expect(alert.annotations.summary).toBe(`Fatal aclnn code 161002 ACLNN_ERR_PARAM_INVALID in ${source} on ${instance}`);
    expect(alert.annotations.remedy).toBe(info.remedy);
    expect(alert.annotations.runbook_url).toBe('https://errcode-exporter.invalid/docs/runbook.md#errcodefatalcode');
  }, 90_000);

  it('sends the unknown code to the ticket receiver, not to the pager', async () => {
    const alert = await pollUntil(() => stack.webhook.alerts.find((a) => a.labels.alertname === 'ErrcodeUnknownCodes'), {
      timeoutMs: 60_000,
      what: 'ErrcodeUnknownCodes at the webhook',
      context: logs,
    });
    expect([alert.receiver, alert.labels.severity, alert.labels.family]).toEqual(['ticket', 'ticket', 'aclnn']);
  }, 90_000);

  it('does not page on the retryable code, even after Prometheus evaluated the rules on its increase', async () => {
    await pollUntil(async () => ((await instantQuery(stack.prometheusUrl, `errcode_events_total${selector(RETRYABLE)} == 1`)).length > 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'Prometheus to see the retryable event',
      context: logs,
    });
    const seenAt = Date.now();
    await pollUntil(
      async () => {
        const res = (await (await fetch(`${stack.prometheusUrl}/api/v1/rules`)).json()) as { data: { groups: { name: string; lastEvaluation: string }[] } };
        const group = res.data.groups.find((g) => g.name === 'errcode-events');
        return group !== undefined && Date.parse(group.lastEvaluation) > seenAt + 1_000 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'a rule evaluation after the retryable event was scraped', context: logs },
    );
    expect(await instantQuery(stack.prometheusUrl, `ALERTS${selector({ code: RETRYABLE.code })}`)).toEqual([]);
    expect((await instantQuery(stack.prometheusUrl, 'ALERTS{alertname="ErrcodeFatalCode"}')).map((s) => s.metric.code)).toEqual(['161002']);
    expect(stack.webhook.alerts.filter((a) => a.labels.code === RETRYABLE.code)).toEqual([]);
    const paged = stack.webhook.alerts.filter((a) => a.receiver === 'oncall');
    expect([...new Set(paged.map((a) => `${a.labels.alertname}/${a.labels.code}`))]).toEqual(['ErrcodeFatalCode/161002']);
  }, 90_000);

  it('serves a /metrics exposition that promtool check metrics accepts', async () => {
    const text = await (await fetch(`${exporterUrl}/metrics`, { headers: { Accept: 'text/plain;version=0.0.4' } })).text();
    expect(text).toContain('errcode_events_total{family="aclnn",code="161002",name="ACLNN_ERR_PARAM_INVALID",class="fatal",source=');
    const res = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ status: res.status, output: `${res.stdout}${res.stderr}` }).toEqual({ status: 0, output: '' });
  }, 30_000);

  it('returns data for every Grafana panel and variable query', async () => {
    const dashboard = readDashboard();
    const queries = [...panelQueries(dashboard, { range: '5m', rateInterval: '30s' }), ...variableQueries(dashboard).map((v) => ({ panel: `variable ${v.name}`, refId: 'A', expr: v.expr }))];
    expect(queries.length).toBe(24);
    // The unknown code's series is born at its first count; poll until it has two samples so increase() has data.
    let missing: string[] = [];
    await pollUntil(
      async () => {
        missing = [];
        for (const q of queries) if ((await instantQuery(stack.prometheusUrl, q.expr)).length === 0) missing.push(`${q.panel} [${q.refId}]: ${q.expr}`);
        return missing.length === 0 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'every dashboard query to return data', context: () => `queries without data:\n${missing.join('\n')}` },
    );
    expect(missing).toEqual([]);
  }, 60_000);
});
