// A real Prometheus (every shipped rule file: alerts and the catalog's recording rules; 1 s scrape and evaluation) and a real Alertmanager (the shipped
// routing with short waits, its webhook pointed at the test's receiver), on free ports in a temp dir.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PACKAGE_ROOT } from '../../../src/cli/package-info.js';
import { TestProcess } from './child-process.js';
import { freePort } from './free-port.js';
import { pollUntil } from './poll.js';
import { WebhookReceiver } from './webhook-receiver.js';

/** Every shipped rule file, as deploy/prometheus/prometheus.yml loads them (the catalog text is one of them). */
export const RULE_FILES = join(PACKAGE_ROOT, 'deploy/prometheus/rules/*.yml');
const ALERTMANAGER_FILE = join(PACKAGE_ROOT, 'deploy/alertmanager/alertmanager.yml');

interface Route {
  group_wait?: string;
  group_interval?: string;
  routes?: Route[];
}
interface AlertmanagerConfig {
  route: Route;
  receivers: { name: string; webhook_configs?: { url: string; send_resolved?: boolean }[] }[];
}

/** The shipped Alertmanager config with every webhook sent to `url` and waits shortened to a second. */
export function testAlertmanagerConfig(url: string): string {
  const cfg = parse(readFileSync(ALERTMANAGER_FILE, 'utf8')) as AlertmanagerConfig;
  const shorten = (r: Route): void => {
    r.group_wait = '1s';
    r.group_interval = '1s';
    for (const child of r.routes ?? []) shorten(child);
  };
  shorten(cfg.route);
  for (const receiver of cfg.receivers) for (const hook of receiver.webhook_configs ?? []) hook.url = url;
  return stringify(cfg);
}

export interface ScrapeTarget {
  readonly target: string;
  readonly labels?: Record<string, string>;
}

export class MonitoringStack {
  readonly webhook = new WebhookReceiver();
  prometheusUrl = '';
  alertmanagerUrl = '';
  private readonly processes: TestProcess[] = [];

  constructor(private readonly workDir: string) {}

  /**
   * Starts Alertmanager and Prometheus (scraping the exporter target(s) as job errcode-exporter, each with
   * its own labels, e.g. a fleet's `node` or the `__meta_*` labels discovery would give, and the relabeling
   * to apply to them) and waits until both are ready.
   */
  async start(exporterTargets: string | readonly ScrapeTarget[], opts: { scrapeInterval?: string; relabelConfigs?: readonly object[] } = {}): Promise<void> {
    const targets = typeof exporterTargets === 'string' ? [{ target: exporterTargets }] : exporterTargets;
    const interval = opts.scrapeInterval ?? '1s';
    const [promPort, amPort] = [await freePort(), await freePort()];
    const webhookUrl = await this.webhook.start();
    mkdirSync(join(this.workDir, 'prometheus-data'), { recursive: true });
    mkdirSync(join(this.workDir, 'alertmanager-data'), { recursive: true });

    const amConfig = join(this.workDir, 'alertmanager.yml');
    writeFileSync(amConfig, testAlertmanagerConfig(webhookUrl));
    this.processes.push(
      new TestProcess('alertmanager', 'prometheus-alertmanager', [
        `--config.file=${amConfig}`,
        `--storage.path=${join(this.workDir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ]),
    );

    const promConfig = join(this.workDir, 'prometheus.yml');
    writeFileSync(
      promConfig,
      stringify({
        global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: '1s' },
        rule_files: [RULE_FILES],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
        scrape_configs: [{
          job_name: 'errcode-exporter',
          static_configs: targets.map((t) => ({ targets: [t.target], labels: t.labels ?? {} })),
          ...(opts.relabelConfigs !== undefined && { relabel_configs: opts.relabelConfigs }),
        }],
      }),
    );
    this.processes.push(
      new TestProcess('prometheus', 'prometheus', [
        `--config.file=${promConfig}`,
        `--storage.tsdb.path=${join(this.workDir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ]),
    );
    this.prometheusUrl = `http://127.0.0.1:${promPort}`;
    this.alertmanagerUrl = `http://127.0.0.1:${amPort}`;
    for (const [url, proc] of [[this.alertmanagerUrl, this.processes[0]], [this.prometheusUrl, this.processes[1]]] as const) {
      await pollUntil(async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), {
        timeoutMs: 30_000,
        what: `${proc.name} to be ready at ${url}`,
        context: () => proc.log(),
      });
    }
  }

  logs(): string {
    return this.processes.map((p) => p.log()).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    await this.webhook.stop();
  }
}
