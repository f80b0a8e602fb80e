// deploy/prometheus/rules/errcode-escalation.yml is exactly what `catalog alert-rules` generates from the
// bundled catalogs now: a catalog change that adds, moves or drops an escalation fails here until regenerated.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escalationAlertRules } from '../../src/catalog/escalation-alert-rules.js';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { DEFAULT_CATALOG_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';

const COMMITTED = join(PACKAGE_ROOT, 'deploy/prometheus/rules/errcode-escalation.yml');
const CLI = join(PACKAGE_ROOT, 'dist/cli/main.js');
const scratch = mkdtempSync(join(tmpdir(), 'escalation-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
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
    expect(changed.stderr).toContain('errcode-escalation.yml:40: differs');
  });
});
