// The shipped Prometheus config, alert rules and Alertmanager config, checked by the real promtool and amtool.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { describeWithTools } from './describe-with-tools.js';

const DEPLOY = join(PACKAGE_ROOT, 'deploy');

function run(tool: string, args: string[], cwd = DEPLOY): { status: number | null; output: string; stdout: string } {
  const res = spawnSync(tool, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, output: `${res.stdout}${res.stderr}`, stdout: res.stdout };
}

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string }[] }[];
}
interface RuleTests {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

describeWithTools(['promtool'], 'deploy/prometheus with promtool', () => {
  it('promtool check config accepts prometheus.yml and the rule files it loads', () => {
    const res = run('promtool', ['check', 'config', 'prometheus/prometheus.yml']);
    expect(res.status, res.output).toBe(0);
    expect(res.output).toContain('SUCCESS: 17 rules found');
  });

  it('promtool check rules accepts the alert rules', () => {
    const res = run('promtool', ['check', 'rules', 'prometheus/rules/errcode-alerts.yml']);
    expect(res.status, res.output).toBe(0);
  });

  it('promtool test rules passes every unit test', () => {
    const res = run('promtool', ['test', 'rules', 'tests/errcode-alerts.test.yml'], join(DEPLOY, 'prometheus'));
    expect(res.status, res.output).toBe(0);
    expect(res.output).toContain('SUCCESS');
  });

  it('every alert has a unit test in which it fires', () => {
    const rules = parse(readFileSync(join(DEPLOY, 'prometheus/rules/errcode-alerts.yml'), 'utf8')) as RuleFile;
    const tests = parse(readFileSync(join(DEPLOY, 'prometheus/tests/errcode-alerts.test.yml'), 'utf8')) as RuleTests;
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert)).filter((a): a is string => a !== undefined);
    const firing = new Set(tests.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    expect(alerts.filter((a) => !firing.has(a))).toEqual([]);
    expect(alerts.length).toBe(13);
  });
});

describeWithTools(['amtool'], 'deploy/alertmanager with amtool', () => {
  it('amtool check-config accepts the example Alertmanager config', () => {
    const res = run('amtool', ['check-config', 'alertmanager/alertmanager.yml']);
    expect(res.status, res.output).toBe(0);
    expect(res.output).toContain('SUCCESS');
  });

  it('routes a fatal code to the on-call receiver and other alerts to the team', () => {
    const route = (labels: string[]): string => run('amtool', ['config', 'routes', 'test', '--config.file=alertmanager/alertmanager.yml', ...labels]).stdout.trim();
    expect(route(['alertname=ErrcodeFatalCode', 'severity=page', 'family=aclnn', 'code=161002'])).toBe('oncall');
    expect(route(['alertname=ErrcodeRetryableStorm', 'severity=warning'])).toBe('team');
  });
});
