// The MindCluster importer against small faultCode.json / faultCustomization.json files written by the team in
// MindCluster's layout (no vendor text): every id gets its level, the class its level implies, the frequency
// rules become escalations, the result loads, classifies log lines and generates alert rules.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escalationAlertRules } from '../../../src/catalog/escalation-alert-rules.js';
import { canonicalEventId, durationOfSeconds, importMindClusterFaultCodes } from '../../../src/catalog/import/import-mindcluster-fault-codes.js';
import type { CatalogEntry } from '../../../src/catalog/catalog-types.js';
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
  return positionedErrorsOf(run).map((e) => e.replace(/^\S+:\d+:\d+ /, ''));
}

/** `name:line:col message`, the file shown by its base name. */
function positionedErrorsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof LoadErrors) return err.errors.map((e) => `${basename(e.file)}:${e.line}:${e.col} ${e.message}`);
    throw err;
  }
  return [];
}

const escalationsOf = (entries: readonly CatalogEntry[]): string[] =>
  entries.filter((e) => e.escalate !== undefined).map((e) => `${e.code} ${e.escalate?.count ?? 0}/${e.escalate?.within ?? ''} ${e.escalate?.level ?? ''}`);

function importInto(faultCodes: string, customization: string | undefined): { entries: readonly CatalogEntry[]; notes: readonly string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'mindcluster-import-'));
  cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true });
  const result = importMindClusterFaultCodes(faultCodes, customization, bundled);
  writeFileSync(join(dir, 'npu-fault.yaml'), result.yaml);
  return { entries: loadCatalogs(dir).entries('npu-fault'), notes: result.notes };
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
    expect(first.notes).toEqual(['FaultFrequency[3] names 0x80A18008, which faultCode.json does not list: reported and skipped, no entry or escalation written for it.']);
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
    expect(rules).toContain('increase(errcode_events_total{family="npu-fault",code=~"0x80C98000|0x80E01801",node=""}[24h]))\n          ) >= 2');
    expect(rules).toContain('increase(errcode_events_total{family="npu-fault",code=~"0x81078603",node=""}[24h]))\n          ) >= 5');
    expect(rules).toContain('increase(errcode_events_total{family="npu-fault",code=~"0x80C78008",node!=""}[30m])');
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
    expect(errorsOf(() => importMindClusterFaultCodes(scratchFile('faultCode.json', '{"Codes": []}'), undefined, bundled))).toEqual(['no level list found: expected keys such as SeparateNPUCodes, RestartRequestCodes']);
  });

  it('with a customisation file, escalations come only from it: a bundled default the operator dropped is not kept', () => {
    const custom = scratchFile('faultCustomization.json', JSON.stringify({ FaultFrequency: [{ EventId: ['81078603'], TimeWindow: 86400, Times: 5, FaultHandling: 'ManuallySeparateNPU' }] }));
    expect(escalationsOf(importInto(FAULT_CODES, custom).entries)).toEqual(['0x81078603 5/24h ManuallySeparateNPU']);
    expect(escalationsOf(importInto(FAULT_CODES, undefined).entries)).toEqual(['0x80C98000 2/24h ManuallySeparateNPU', '0x80E01801 2/24h ManuallySeparateNPU']);
  });

  it('a Times 1 rule raises the level (and class) to its FaultHandling when more severe, and says so', () => {
    const custom = scratchFile('faultCustomization.json', JSON.stringify({ FaultFrequency: [
      { EventId: ['80E18400'], TimeWindow: 60, Times: 1, FaultHandling: 'SeparateNPU' },
      { EventId: ['80E18402'], TimeWindow: 60, Times: 1, FaultHandling: 'RestartRequest' },
    ] }));
    const { entries, notes } = importInto(FAULT_CODES, custom);
    expect(entries.filter((e) => e.code === '0x80E18400' || e.code === '0x80E18402').map((e) => `${e.code} ${e.level ?? '-'} ${e.class} ${e.escalate === undefined ? 'no-escalation' : 'escalation'}`)).toEqual([
      '0x80E18400 SeparateNPU fatal no-escalation',
      '0x80E18402 SeparateNPU fatal no-escalation',
    ]);
    expect(notes).toEqual([
      'FaultFrequency[0] handles 0x80E18400 as SeparateNPU on its first occurrence (Times 1): its level is raised from NotHandleFault, and the level alerts act on SeparateNPU.',
      'FaultFrequency[1] handles 0x80E18402 as RestartRequest on its first occurrence (Times 1); faultCode.json already lists it as SeparateNPU, which is as severe or more: level kept.',
    ]);
  });

  it('notes a rule for an id faultCode.json does not list, even one the bundled catalog has, and writes no escalation for it', () => {
    const codes = scratchFile('faultCode.json', JSON.stringify({ SeparateNPUCodes: ['80E18402'] }));
    const custom = scratchFile('faultCustomization.json', JSON.stringify({ FaultFrequency: [{ EventId: ['80E18402', '80E01801'], TimeWindow: 3600, Times: 3, FaultHandling: 'ManuallySeparateNPU' }] }));
    const { entries, notes } = importInto(codes, custom);
    expect(escalationsOf(entries)).toEqual(['0x80E18402 3/1h ManuallySeparateNPU']);
    expect(notes).toEqual(['FaultFrequency[0] names 0x80E01801, which faultCode.json does not list: reported and skipped, no entry or escalation written for it.']);
  });

  it('refuses, at the customisation key, a rule the catalog could not hold (the loader would refuse the catalog)', () => {
    const custom = scratchFile('faultCustomization.json', '{"FaultFrequency": [\n  {"EventId": ["80E18402"], "TimeWindow": 1234567, "Times": 200000, "FaultHandling": "ManuallySeparateNPU"}\n]}\n');
    expect(positionedErrorsOf(() => importMindClusterFaultCodes(FAULT_CODES, custom, bundled))).toEqual([
      'faultCustomization.json:2:61 FaultFrequency[0].Times: the catalog cannot hold it as escalate.count: Too big: expected number to be <=100000',
      'faultCustomization.json:2:43 FaultFrequency[0].TimeWindow: the catalog cannot hold it as escalate.within: escalate.within is a duration in one unit, e.g. 30m, 24h, 1d',
    ]);
  });

  it('reports problems at their line and column, a syntax error on one line', () => {
    const custom = scratchFile('faultCustomization.json', '{\n  "FaultFrequency": [\n    {"EventId": ["80E18402"], "TimeWindow": 0, "Times": 2, "FaultHandling": "Reboot"}\n  ]\n}\n');
    const codes = scratchFile('faultCode.json', '{\n  "SeparateNPUCodes": [\n    "80E18402",\n    "not-hex"\n  ]\n}\n');
    expect(positionedErrorsOf(() => importMindClusterFaultCodes(codes, custom, bundled))).toEqual([
      'faultCode.json:4:5 SeparateNPUCodes[1]: "not-hex" is not a hexadecimal event id like 80E01801',
      'faultCustomization.json:3:45 FaultFrequency[0].TimeWindow: TimeWindow is seconds, above 0',
    ]);
    const broken = positionedErrorsOf(() => importMindClusterFaultCodes(scratchFile('faultCode.json', '{\n  "SeparateNPUCodes": ["80E18402"\n'), undefined, bundled));
    expect(broken).toEqual(['faultCode.json:3:1 not JSON: Flow sequence in block collection must be sufficiently indented and end with a ]', 'faultCode.json:3:1 not JSON: Flow map must end with a }']);
    expect(positionedErrorsOf(() => importMindClusterFaultCodes(scratchFile('faultCode.json', '{"x": '), undefined, bundled))).toEqual(['faultCode.json:1:7 not JSON: Flow map must end with a }']);
  });

  it('skips ids longer than the logs print (nine digits) with a note', () => {
    const codes = scratchFile('faultCode.json', JSON.stringify({ SeparateNPUCodes: ['80E18402', '110001024', '110001025'] }));
    const { entries, notes } = importInto(codes, undefined);
    expect(entries.map((e) => e.code).filter((c) => c.startsWith('0x1100'))).toEqual([]);
    expect(notes).toEqual(['faultCode.json lists 2 id(s) with more than eight hex digits (110001024, 110001025); the log rules read 0x and eight digits, so no entry is written for them.']);
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
