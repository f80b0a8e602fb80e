// The built CLI end to end: import-mindcluster into a copy of the catalogs, then explain, scan --events and
// alert-rules read the imported levels and escalations (issue 15: `explain 80E01801` with a faultCode.json).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';

const CLI = join(PACKAGE_ROOT, 'dist/cli/main.js');
const FIXTURES = join(PACKAGE_ROOT, 'test/fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'mindcluster-cli-'));
const catalogs = join(scratch, 'catalogs');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => {
  cpSync(DEFAULT_CATALOG_DIR, catalogs, { recursive: true });
  const res = cli(['catalog', 'import-mindcluster', join(FIXTURES, 'mindcluster/faultCode.json'), '--customization', join(FIXTURES, 'mindcluster/faultCustomization.json'), '--output', catalogs]);
  expect(res.status, res.stderr).toBe(0);
  expect(res.stderr).toBe(`FaultFrequency[3] names 0x80A18008, which faultCode.json does not list: reported and skipped, no entry or escalation written for it.\nWrote ${join(catalogs, 'npu-fault.yaml')}.\n`);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('catalog import-mindcluster, then the commands that read it', () => {
  it('check with the imported catalogs passes: the bundled rules still find their ids, and the classes the import gives them are notes', () => {
    const res = cli(['check', '--catalogs', catalogs]);
    expect(res.status, res.stdout).toBe(0);
    const notes = res.stdout.split('\n').filter((l) => l.includes(' note: '));
    expect(notes).toEqual([
      '  rules/npu-fault.yaml:26:15 note: npu-fault 0x80C78008: class is fatal (policy), expected unknown by a test written for the bundled catalogs',
      '  rules/npu-fault.yaml:74:15 note: npu-fault 0xB4060007: class is fatal (policy), expected unknown by a test written for the bundled catalogs',
      '  rules/npu-fault.yaml:77:15 note: npu-fault 0xB4060007: class is fatal (policy), expected unknown by a test written for the bundled catalogs',
    ]);
    expect(res.stdout).toMatch(/\n3 tests of the bundled rules found their codes, with the class, name or level of your catalogs instead of the bundled ones: notes, not failures\n\d+ passed, 0 failed\n$/);
  });

  it('explain 80E01801 answers with meaning, class, level, escalation and remedy', () => {
    const res = cli(['explain', '80E01801', '--catalogs', catalogs]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe(
      'npu-fault  0x80E01801\n' +
        '  aliases    80E01801\n' +
        '  class      fatal\n' +
        '  why        policy: MindCluster restarts the job (RestartBusiness): the running work is lost and resumes from its last checkpoint.\n' +
        '  level      RestartBusiness\n' +
        "  escalates  2 times within 24h on one source -> page (ManuallySeparateNPU): MindCluster's FaultFrequency rule: 2 times within 24h -> ManuallySeparateNPU, counted here on one source (all devices it reads).\n" +
        "  message    Uncorrectable multi-bit ECC error in the device's HBM (on-chip memory).\n" +
        "  cause      A memory cell of the device returned data the ECC could not correct; the data the job held there is lost.\n" +
        '  remedy     Let the job restart from its checkpoint (MindCluster does it); if the device repeats it, isolate the device and have its memory checked.\n' +
        '  source     doc:CANN troubleshooting_0009, HBM bit ECC fault (event_id=0x80E01801); MindCluster faultCode.json RestartBusinessCodes\n',
    );
  });

  it('explain --format json carries level and escalate; an id only the import knows is found in either spelling', () => {
    const res = cli(['explain', '0x80e18402', '--catalogs', catalogs, '--format', 'json']);
    const [entry] = JSON.parse(res.stdout) as { code: string; class: string; level?: string; remedy: { en: string } }[];
    expect([entry?.code, entry?.class, entry?.level, entry?.remedy.en]).toEqual(['0x80E18402', 'fatal', 'SeparateNPU', 'Replace or repair the device; move its work to healthy devices.']);
    expect(cli(['explain', '80E18402']).status).toBe(1);
  });

  it('scan --events puts the level on every event whose entry has one', () => {
    const res = cli(['scan', join(FIXTURES, 'npu-fault/device-events.log'), '--events', '--catalogs', catalogs]);
    expect(res.status, res.stderr).toBe(0);
    const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { lineNo: number; code: string; class: string; level?: string });
    expect(events.map((e) => `${e.lineNo} ${e.code} ${e.class} ${e.level ?? '-'}`)).toEqual([
      '1 0xB4060007 fatal RestartBusiness',
      '2 0xB4060007 fatal RestartBusiness',
      '3 0xB4060007 fatal RestartBusiness',
      '4 0x80C78008 fatal RestartNPU',
      '15 0x8C17A005 fatal FreeRestartNPU',
      '17 0x80E01801 fatal RestartBusiness',
      '18 0x80E01801 fatal RestartBusiness',
    ]);
  });

  it('alert-rules generates the imported frequency rules', () => {
    const res = cli(['catalog', 'alert-rules', '--catalogs', catalogs]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain(
      'code=~"0x80C78008",node=""}[30m]))\n          ) >= 3\n          and on (job, instance, node, family, code, name, source)\n' +
        '          (\n            sum by (job, node, family, code, name, source) (increase(errcode_events_total{family="npu-fault",code=~"0x80C78008",node!=""}[5m])) or ' +
        'sum by (job, instance, node, family, code, name, source) (increase(errcode_events_total{family="npu-fault",code=~"0x80C78008",node=""}[5m]))\n          ) > 0\n' +
        '        keep_firing_for: 5m\n        labels:\n          severity: page\n          threshold: "3 in 30m"\n          escalation_level: PreSeparateNPU\n',
    );
    expect(readFileSync(join(catalogs, 'npu-fault.yaml'), 'utf8')).toContain('seed: "faultCode.json,faultCustomization.json"');
  });
});
