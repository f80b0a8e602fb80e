// The shipped Prometheus config, alert rules and Alertmanager config, checked by the real promtool and amtool.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { describeWithTools } from './describe-with-tools.js';

const DEPLOY = join(PACKAGE_ROOT, 'deploy');

function run(tool: string, args: string[], cwd = DEPLOY): { status: number | null; output: string; stdout: string } {
  const res = spawnSync(tool, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, output: `${res.stdout}${res.stderr}`, stdout: res.stdout };
}

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[];
}
interface RuleTests {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

describeWithTools(['promtool'], 'deploy/prometheus with promtool', () => {
  it('promtool check config accepts prometheus.yml and the rule files it loads', () => {
    const res = run('promtool', ['check', 'config', 'prometheus/prometheus.yml']);
    expect(res.status, res.output).toBe(0);
    expect(res.output).toContain('SUCCESS: 17 rules found');
    // The catalog text recorded once for every exporter it scrapes (rules/errcode-catalog.yml).
    expect(res.output).toContain('Checking prometheus/rules/errcode-catalog.yml\n  SUCCESS: 438 rules found');
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

  it.each([
    ['errcode-levels', 2],
    ['errcode-escalation', 3],
  ])('promtool checks %s.yml (%i rules) and passes its unit tests, in each of which every alert fires', (name, count) => {
    const checked = run('promtool', ['check', 'rules', `prometheus/rules/${name}.yml`]);
    expect(checked.status, checked.output).toBe(0);
    expect(checked.output).toContain(`SUCCESS: ${count} rules found`);
    const tested = run('promtool', ['test', 'rules', `tests/${name}.test.yml`], join(DEPLOY, 'prometheus'));
    expect(tested.status, tested.output).toBe(0);
    const rules = parse(readFileSync(join(DEPLOY, `prometheus/rules/${name}.yml`), 'utf8')) as RuleFile;
    const tests = parse(readFileSync(join(DEPLOY, `prometheus/tests/${name}.test.yml`), 'utf8')) as RuleTests;
    const alerts = new Set(rules.groups.flatMap((g) => g.rules.map((r) => r.alert)).filter((a): a is string => a !== undefined));
    const firing = new Set(tests.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    expect([...alerts].filter((a) => !firing.has(a))).toEqual([]);
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

/** The shipped rule files: hand-written alerts, level alerts, and the escalations generated from the catalogs. */
const RULE_FILES = ['errcode-alerts.yml', 'errcode-levels.yml', 'errcode-escalation.yml'];
const RULES = RULE_FILES.map((f) => parse(readFileSync(join(DEPLOY, 'prometheus/rules', f), 'utf8')) as RuleFile);
/** One rule per alert name (the generated file has one ErrcodeEscalation rule per threshold). */
const ALERTS = [...new Map(RULES.flatMap((r) => r.groups.flatMap((g) => g.rules)).filter((r) => r.alert !== undefined).map((r) => [r.alert, r] as const)).values()];
const RUNBOOK = readFileSync(join(PACKAGE_ROOT, 'docs/runbook.md'), 'utf8');
/** What each severity must reach: a receiver that notifies. */
const RECEIVER_OF = { page: 'oncall', ticket: 'ticket', info: 'info' } as const;

describe('severities and runbooks', () => {
  it('puts exactly the page-worthy alerts at severity page, storms and unknown codes at ticket', () => {
    const by = (sev: string): string[] => ALERTS.filter((a) => a.labels?.severity === sev).map((a) => a.alert ?? '').sort();
    expect(by('page')).toEqual(['ErrcodeEscalation', 'ErrcodeExporterAbsent', 'ErrcodeExporterDown', 'ErrcodeFatalCode', 'ErrcodeInputStalled', 'ErrcodeNpuSeparated']);
    expect(by('ticket')).toEqual(['ErrcodeCheckpointWritesFailing', 'ErrcodeConfigLoadFailed', 'ErrcodeInputFallingBehind', 'ErrcodeLinesUnreadable', 'ErrcodeNoFilesWatched', 'ErrcodeRestartRequestStorm', 'ErrcodeRetryableStorm', 'ErrcodeUnknownCodes']);
    expect(by('info')).toEqual(['ErrcodeEventsFolded', 'ErrcodeInputSilent']);
    expect(ALERTS.length).toBe(16);
  });

  it('gives every alert a runbook_url whose anchor is a section of docs/runbook.md that says what to check first', () => {
    const sections = new Map(RUNBOOK.split(/^## /m).slice(1).map((s) => [s.split('\n')[0].trim().toLowerCase(), s]));
    for (const a of ALERTS) {
      const url = a.annotations?.runbook_url ?? '';
      expect(url, a.alert).toBe(`https://errcode-exporter.invalid/docs/runbook.md#${(a.alert ?? '').toLowerCase()}`);
      const section = sections.get(url.split('#')[1]) ?? '';
      expect(section, a.alert).toContain('Check first');
      expect(section, a.alert).toContain(`**Severity ${a.labels?.severity ?? ''}.**`);
    }
    expect(sections.size).toBe(ALERTS.length);
  });
});

describeWithTools(['amtool'], 'deploy/alertmanager with amtool', () => {
  it('routes every shipped alert by its severity to a receiver that notifies (amtool config routes test)', () => {
    const am = parse(readFileSync(join(DEPLOY, 'alertmanager/alertmanager.yml'), 'utf8')) as { receivers: { name: string; webhook_configs?: { url: string }[] }[] };
    const notifying = am.receivers.filter((r) => (r.webhook_configs ?? []).length > 0).map((r) => r.name).sort();
    expect(notifying).toEqual(['info', 'oncall', 'ticket']);
    const routed = ALERTS.map((a) => {
      const labels = [`alertname=${a.alert ?? ''}`, `severity=${a.labels?.severity ?? ''}`, 'job=errcode-exporter', 'instance=npu-01:10135', 'family=aclnn', 'code=161002'];
      return [a.alert, run('amtool', ['config', 'routes', 'test', '--config.file=alertmanager/alertmanager.yml', ...labels]).stdout.trim()];
    });
    expect(routed).toEqual(ALERTS.map((a) => [a.alert, RECEIVER_OF[a.labels?.severity as keyof typeof RECEIVER_OF]]));
    // An alert with no or an unknown severity (a rule someone adds) still reaches a person, as a ticket.
    expect(run('amtool', ['config', 'routes', 'test', '--config.file=alertmanager/alertmanager.yml', 'alertname=SomethingNew']).stdout.trim()).toBe('ticket');
  });


  it('amtool check-config accepts the example Alertmanager config', () => {
    const res = run('amtool', ['check-config', 'alertmanager/alertmanager.yml']);
    expect(res.status, res.output).toBe(0);
    expect(res.output).toContain('SUCCESS');
  });

});
