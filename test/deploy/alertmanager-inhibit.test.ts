// The shipped Alertmanager config's inhibit rules, in a real Alertmanager: while ErrcodeNpuSeparated fires for a
// source, npu-fault's ErrcodeFatalCode pages from that source are suppressed (one page, not two), and pages of
// other families or other sources are not. amtool cannot test inhibition, so the alerts are posted to the API.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestProcess } from '../e2e/support/child-process.js';
import { freePort } from '../e2e/support/free-port.js';
import { testAlertmanagerConfig } from '../e2e/support/monitoring-stack.js';
import { pollUntil } from '../e2e/support/poll.js';
import { describeWithTools } from './describe-with-tools.js';

interface ApiAlert {
  readonly labels: Record<string, string>;
  readonly status: { readonly state: string; readonly inhibitedBy: readonly string[] };
}

const work = mkdtempSync(join(tmpdir(), 'am-inhibit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describeWithTools(['prometheus-alertmanager'], 'deploy/alertmanager inhibit rules in a real Alertmanager', () => {
  let am: TestProcess | undefined;
  let url = '';

  beforeAll(async () => {
    const port = await freePort();
    mkdirSync(join(work, 'data'), { recursive: true });
    const config = join(work, 'alertmanager.yml');
    // Nothing listens there: notifications fail, which does not change what is inhibited.
    writeFileSync(config, testAlertmanagerConfig('http://127.0.0.1:9/none'));
    am = new TestProcess('alertmanager', 'prometheus-alertmanager', [`--config.file=${config}`, `--storage.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=']);
    url = `http://127.0.0.1:${port}`;
    await pollUntil(async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), { timeoutMs: 30_000, what: 'Alertmanager to be ready', context: () => am?.log() ?? '' });
  }, 40_000);

  afterAll(async () => {
    await am?.stop();
  });

  it('suppresses npu-fault ErrcodeFatalCode from the source whose NPU is separated, and nothing else', async () => {
    const base = { job: 'errcode-exporter', instance: 'npu-01:10135', severity: 'page' };
    const alerts = [
      { ...base, alertname: 'ErrcodeNpuSeparated', family: 'npu-fault', level: 'SeparateNPU', source: 'device' },
      { ...base, alertname: 'ErrcodeFatalCode', family: 'npu-fault', code: '0x80E18402', source: 'device' },
      { ...base, alertname: 'ErrcodeFatalCode', family: 'npu-fault', code: '0x80E18402', source: 'host' },
      { ...base, alertname: 'ErrcodeFatalCode', family: 'aclnn', code: '161002', source: 'device' },
    ];
    const posted = await fetch(`${url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((labels) => ({ labels }))),
    });
    expect(posted.status).toBe(200);
    const want = [
      'ErrcodeFatalCode aclnn device active',
      'ErrcodeFatalCode npu-fault device suppressed',
      'ErrcodeFatalCode npu-fault host active',
      'ErrcodeNpuSeparated npu-fault device active',
    ];
    // The inhibitor learns of the source alert asynchronously: wait for the expected states, with a deadline.
    let last: string[] = [];
    const states = await pollUntil(
      async () => {
        const got = (await (await fetch(`${url}/api/v2/alerts`)).json()) as ApiAlert[];
        last = got.map((a) => `${a.labels.alertname ?? ''} ${a.labels.family ?? ''} ${a.labels.source ?? ''} ${a.status.state}`).sort();
        return JSON.stringify(last) === JSON.stringify(want) ? last : undefined;
      },
      { timeoutMs: 10_000, what: 'the inhibit rule to suppress exactly the npu-fault page of the separated source', context: () => `states: ${JSON.stringify(last)}\n${am?.log() ?? ''}` },
    ).catch(() => last);
    expect(states).toEqual(want);
  }, 30_000);
});
