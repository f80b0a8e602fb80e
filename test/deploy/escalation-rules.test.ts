// deploy/prometheus/rules/errcode-escalation.yml is exactly what `catalog alert-rules` generates from the
// bundled catalogs now: a catalog change that adds, moves or drops an escalation fails here until regenerated.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escalationAlertRules } from '../../src/catalog/escalation-alert-rules.js';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { DEFAULT_CATALOG_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { findTool } from './describe-with-tools.js';

const COMMITTED = join(PACKAGE_ROOT, 'deploy/prometheus/rules/errcode-escalation.yml');
const CLI = join(PACKAGE_ROOT, 'dist/cli/main.js');
const scratch = mkdtempSync(join(tmpdir(), 'escalation-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(args: string[], cwd = PACKAGE_ROOT): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('generated escalation rules', () => {
  it('the committed file is what the bundled catalogs generate', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(escalationAlertRules(loadCatalogs(DEFAULT_CATALOG_DIR)));
  });

  it('declare the bundled escalations: npu-fault 2 in 24h, HCCL timeouts 3 in 1h, acl-runtime 207001 10 in 30m', () => {
    const escalated = loadCatalogs(DEFAULT_CATALOG_DIR)
      .entries()
      .filter((e) => e.escalate !== undefined)
      .map((e) => `${e.family} ${e.code} ${e.escalate?.count ?? 0}/${e.escalate?.within ?? ''} ${e.escalate?.severity ?? ''}`);
    expect(escalated).toEqual([
      'acl-runtime 207001 10/30m page',
      'cann-errmsg EI0002 3/1h page',
      'cann-errmsg EI0006 3/1h page',
      'npu-fault 0x80C98000 2/24h page',
      'npu-fault 0x80E01801 2/24h page',
    ]);
  });

  it('catalog alert-rules --check passes on the repository and fails, naming the line, once a catalog changes', () => {
    const ok = cli(['catalog', 'alert-rules', '--check', '--output', COMMITTED]);
    expect(ok.status, ok.stderr).toBe(0);
    const catalogs = join(scratch, 'catalogs');
    cpSync(DEFAULT_CATALOG_DIR, catalogs, { recursive: true });
    const file = join(catalogs, 'npu-fault.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('escalate: {count: 2, within: 24h', 'escalate: {count: 3, within: 24h'));
    const changed = cli(['catalog', 'alert-rules', '--check', '--catalogs', catalogs, '--output', COMMITTED]);
    expect(changed.status).toBe(1);
    expect(changed.stderr).toContain('errcode-escalation.yml:50: differs');
  });

  it('alert-rules --check defaults to the package\'s rules file from any directory, and its hint names no absolute path', () => {
    const elsewhere = cli(['catalog', 'alert-rules', '--check'], scratch);
    expect(elsewhere.status, elsewhere.stderr).toBe(0);
    expect(elsewhere.stderr).toBe('<errcode-exporter>/deploy/prometheus/rules/errcode-escalation.yml is up to date with the bundled catalogs.\n');
    const catalogs = join(scratch, 'changed-catalogs');
    cpSync(DEFAULT_CATALOG_DIR, catalogs, { recursive: true });
    const file = join(catalogs, 'npu-fault.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('escalate: {count: 2, within: 24h', 'escalate: {count: 3, within: 24h'));
    const changed = cli(['catalog', 'alert-rules', '--check', '--catalogs', 'changed-catalogs'], scratch);
    expect(changed.status).toBe(1);
    const lines = changed.stderr.split('\n');
    expect(lines[0]).toBe('<errcode-exporter>/deploy/prometheus/rules/errcode-escalation.yml:50: differs from what the catalogs in changed-catalogs generate');
    expect(lines.slice(3)).toEqual([
      "Edit the catalogs' escalate: entries, not the rules file, then regenerate with:",
      '  errcode-exporter catalog alert-rules --catalogs changed-catalogs --output <errcode-exporter>/deploy/prometheus/rules/errcode-escalation.yml',
      '',
    ]);
    expect(changed.stderr).not.toContain(PACKAGE_ROOT);
    // Inside the package (a checkout), the default is shown as the path to type there.
    const inside = cli(['catalog', 'alert-rules', '--check']);
    expect(inside.stderr).toBe('deploy/prometheus/rules/errcode-escalation.yml is up to date with the bundled catalogs.\n');
  });

  it('gives two reasons at one threshold two rules, and quotes a code with `"` or `\\` as a PromQL string', () => {
    const dir = join(scratch, 'odd-catalogs');
    mkdirSync(dir, { recursive: true });
    const entry = (code: string, reason: string): string =>
      `  - {code: ${JSON.stringify(code)}, message: {en: "m", zh: "m"}, remedy: {en: "r", zh: "r"}, class: fatal, class_basis: policy, class_reason: "p", source: "doc:test", escalate: {count: 2, within: 1h, severity: page, reason: ${JSON.stringify(reason)}}}\n`;
    writeFileSync(
      join(dir, 'odd.yaml'),
      'family: odd\ntitle: {en: "Odd", zh: "Odd"}\nseed: "test"\nentries:\n' + entry('A.1', 'Reason one.') + entry('B"2', 'Reason two.') + entry('C\\3', 'Reason two.'),
    );
    const rules = escalationAlertRules(loadCatalogs(dir));
    expect(rules.match(/description: "Reason (one|two)\./g)).toEqual(['description: "Reason one.', 'description: "Reason two.']);
    expect(rules).toContain('increase(errcode_events_total{family="odd",code=~"A\\\\.1",node!=""}[1h])');
    expect(rules).toContain('increase(errcode_events_total{family="odd",code=~"B\\"2|C\\\\\\\\3",node!=""}[1h])');
    const promtool = findTool('promtool');
    if (promtool === undefined) return;
    const file = join(scratch, 'odd-escalation.yml');
    writeFileSync(file, rules);
    // Two rules with one alert name and one label set are what promtool's lint calls duplicates; they are not:
    // their expressions name different codes, so no two alerts share labels.
    const checked = spawnSync(promtool, ['check', 'rules', '--lint=none', file], { encoding: 'utf8' });
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout + checked.stderr).toContain('SUCCESS: 2 rules found');
  });
});
