// The MindCluster importer against small faultCode.json / faultCustomization.json files written by the team in
// MindCluster's layout (no vendor text): every id gets its level, the class its level implies, the frequency
// rules become escalations, the result loads, classifies log lines and generates alert rules.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escalationAlertRules } from '../../../src/catalog/escalation-alert-rules.js';
import { canonicalEventId, durationOfSeconds, importMindClusterFaultCodes } from '../../../src/catalog/import/import-mindcluster-fault-codes.js';
import { loadCatalogs } from '../../../src/catalog/load-catalogs.js';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from '../../../src/cli/package-info.js';
import { loadKnowledge } from '../../../src/knowledge/load-knowledge.js';
import { LoadErrors } from '../../../src/load/load-error.js';
import { RULE_TEST_NOW } from '../../../src/rules/run-rule-tests.js';
import { UnknownCodes } from '../../../src/transforms/enrich/unknown-codes.js';
import { lineToEvents } from '../../../src/transforms/line-to-events.js';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'mindcluster');
const FAULT_CODES = join(FIXTURES, 'faultCode.json');
const CUSTOMIZATION = join(FIXTURES, 'faultCustomization.json');
const bundled = loadCatalogs(DEFAULT_CATALOG_DIR).entries('npu-fault');

function importedCatalogDir(customization: string | null = CUSTOMIZATION): string {
  const dir = mkdtempSync(join(tmpdir(), 'mindcluster-import-'));
  cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'npu-fault.yaml'), importMindClusterFaultCodes(FAULT_CODES, customization ?? undefined, bundled).yaml);
  return dir;
}

function scratchFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mindcluster-bad-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function errorsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof LoadErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  return [];
}

describe('importMindClusterFaultCodes', () => {
  it('gives every id of faultCode.json its level and the class the level implies, keeping the bundled-only id, same bytes twice', () => {
    const first = importMindClusterFaultCodes(FAULT_CODES, CUSTOMIZATION, bundled);
    expect(importMindClusterFaultCodes(FAULT_CODES, CUSTOMIZATION, bundled)).toEqual(first);
    const entries = loadCatalogs(importedCatalogDir()).entries('npu-fault');
    expect(entries.map((e) => `${e.code} ${e.level ?? '-'} ${e.class}`)).toEqual([
      '0x80C78008 RestartNPU fatal',
      '0x80C98000 RestartRequest retryable',
      '0x80C98001 RestartNPU fatal',
      '0x80CB8001 RestartNPU fatal',
      '0x80E01801 RestartBusiness fatal',
      '0x80E18400 NotHandleFault retryable',
      '0x80E18402 SeparateNPU fatal',
      '0x81078603 NotHandleFault retryable',
      '0x8118043C PreSeparateNPU fatal',
      '0x81A3880C SubHealthFault retryable',
      '0x8C17A005 FreeRestartNPU fatal',
      '0xB4060007 RestartBusiness fatal',
    ]);
    expect(first.notes).toEqual(['FaultFrequency names 0x80A18008, which faultCode.json does not list: no entry written for it.']);
  });

  it('keeps our text for bundled ids and writes a level sentence for the others, answering to either spelling', () => {
    const index = loadCatalogs(importedCatalogDir());
    expect(index.lookup('npu-fault', '80e01801')?.message.en).toBe("Uncorrectable multi-bit ECC error in the device's HBM (on-chip memory).");
    expect(index.lookup('npu-fault', '0x80e18402')?.message.en).toBe('Device fault event 0x80E18402; MindCluster handles it as SeparateNPU.');
    expect(index.lookup('npu-fault', '80E18402')?.remedy.en).toBe('Replace or repair the device; move its work to healthy devices.');
    expect(index.lookup('npu-fault', '8118043c')?.source).toBe('seed:faultCode.json');
  });

  it('turns FaultFrequency rules into escalations: count, window as a duration, page for fatal levels', () => {
    const index = loadCatalogs(importedCatalogDir());
    const escalated = index.entries('npu-fault').filter((e) => e.escalate !== undefined).map((e) => `${e.code} ${e.escalate?.count ?? 0}/${e.escalate?.within ?? ''} ${e.escalate?.severity ?? ''} ${e.escalate?.level ?? ''}`);
    expect(escalated).toEqual([
      '0x80C78008 3/30m page PreSeparateNPU',
      '0x80C98000 2/24h page ManuallySeparateNPU',
      '0x80E01801 2/24h page ManuallySeparateNPU',
      '0x81078603 5/24h page ManuallySeparateNPU',
    ]);
    const rules = escalationAlertRules(index);
    expect(rules).toContain('increase(errcode_events_total{family="npu-fault",code=~"0x80C98000|0x80E01801"}[24h])\n          ) >= 2');
    expect(rules).toContain('increase(errcode_events_total{family="npu-fault",code=~"0x81078603"}[24h])\n          ) >= 5');
    expect(rules).toContain('increase(errcode_events_total{family="npu-fault",code=~"0x80C78008"}[30m])');
    expect(rules.match(/alert: ErrcodeEscalation/g)).toHaveLength(5);
  });

  it('without the customisation file keeps only the bundled escalations', () => {
    const escalated = loadCatalogs(importedCatalogDir(null)).entries('npu-fault').filter((e) => e.escalate !== undefined).map((e) => e.code);
    expect(escalated).toEqual(['0x80C98000', '0x80E01801']);
  });

  it('classifies real device log lines with the imported levels', () => {
    const knowledge = loadKnowledge({ catalogDir: importedCatalogDir(), rulesDir: DEFAULT_RULES_DIR });
    const events = [
      '[ERROR] KERNEL(3551,sklogd):2021-10-05-23:07:08.350.235 [klogd.c:242][583733.716915] event_id=0x80c78008',
      '[EVENT] TDT(4717,tsdaemon):2023-10-31-16:41:39.406.087 [tsdaemon.cpp:1811][RunSpecialProcess][tid:4717] [TsdEVENT] Event id=0x8c17a005.',
    ].flatMap((text, i) => lineToEvents({ source: 'device', path: '-', lineNo: i + 1, text }, knowledge, new UnknownCodes(), () => RULE_TEST_NOW));
    expect(events.map((e) => `${e.code} ${e.class} ${e.level ?? '-'}`)).toEqual(['0x80C78008 fatal RestartNPU', '0x8C17A005 fatal FreeRestartNPU']);
  });

  it('reports every problem of bad files at once', () => {
    const codes = scratchFile('faultCode.json', JSON.stringify({ SeparateNPUCodes: ['80E18402', 'not-hex', 7] }));
    expect(errorsOf(() => importMindClusterFaultCodes(codes, undefined, bundled))).toEqual(['SeparateNPUCodes must be a list of event id strings']);
    const ids = scratchFile('faultCode.json', JSON.stringify({ SeparateNPUCodes: ['80E18402', 'not-hex'] }));
    const custom = scratchFile('faultCustomization.json', JSON.stringify({ FaultFrequency: [{ EventId: ['80E18402'], TimeWindow: 60, Times: 2, FaultHandling: 'Reboot' }, { EventId: [], TimeWindow: 0, Times: 2, FaultHandling: 'SeparateNPU' }] }));
    expect(errorsOf(() => importMindClusterFaultCodes(ids, custom, bundled))).toEqual([
      'SeparateNPUCodes[1]: "not-hex" is not a hexadecimal event id like 80E01801',
      'FaultFrequency[0].FaultHandling: "Reboot" is not one of NotHandleFault, SubHealthFault, RestartRequest, RestartBusiness, FreeRestartNPU, RestartNPU, PreSeparateNPU, SeparateNPU, ManuallySeparateNPU',
      'FaultFrequency[1].EventId: EventId must list at least one id',
      'FaultFrequency[1].TimeWindow: TimeWindow is seconds, above 0',
    ]);
    expect(errorsOf(() => importMindClusterFaultCodes(scratchFile('faultCode.json', '{"x": '), undefined, bundled))[0]).toMatch(/^not JSON: /);
    expect(errorsOf(() => importMindClusterFaultCodes(scratchFile('faultCode.json', '{"Codes": []}'), undefined, bundled))).toEqual(['no level list found: expected keys such as SeparateNPUCodes, RestartRequestCodes']);
  });

  it.each([
    ['80E01801', '0x80E01801'],
    ['0x80e01801', '0x80E01801'],
    ['200001002', '0x200001002'],
    ['80E0180G', undefined],
  ])('reads the event id %s as %s', (id, want) => {
    expect(canonicalEventId(id)).toBe(want);
  });

  it.each([
    [86400, '24h'],
    [1800, '30m'],
    [90, '90s'],
  ])('writes %i seconds as %s', (seconds, want) => {
    expect(durationOfSeconds(seconds)).toBe(want);
  });
});
