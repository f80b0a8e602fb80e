import { describe, expect, it } from 'vitest';
import { LoadErrors, formatLoadError } from '../../src/load/load-error.js';
import { loadCatalogFiles, loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { parseYamlText } from '../../src/load/parse-yaml-file.js';
import { catalogSchemas } from '../../src/catalog/catalog-schema.js';

const FIXTURES = 'test/fixtures/catalogs';

function loadErrorsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof LoadErrors) return err.errors.map(formatLoadError);
    throw err;
  }
  throw new Error('expected LoadErrors, but the catalogs loaded');
}

describe('loadCatalogs', () => {
  it('loads every family of a valid directory, in file-name order, with content versions', () => {
    const index = loadCatalogs(`${FIXTURES}/valid`);
    expect(index.families.map((f) => [f.id, f.file, f.seed])).toEqual([
      ['aclnn', `${FIXTURES}/valid/aclnn.yaml`, '000_0f35586de87fbe0e.txt'],
      ['huawei-cloud', `${FIXTURES}/valid/huawei-cloud.yaml`, '004_78dc2b0192c2fce1.txt'],
      ['llm-datadist', `${FIXTURES}/valid/llm-datadist.yaml`, '002_479606296454d700.txt'],
    ]);
    expect(index.families.map((f) => f.version)).toEqual(index.families.map(() => expect.stringMatching(/^[0-9a-f]{12}$/)));
    expect(index.entries().length).toBe(10);
    expect(index.entries('aclnn').map((e) => e.code)).toEqual(['0', '161002', '561xxx', '561002']);
    expect(index.entries('no-such-family')).toEqual([]);
  });

  it('turns snake_case file fields into a camelCase entry, leaving absent optional fields out', () => {
    const index = loadCatalogs(`${FIXTURES}/valid`);
    expect(index.lookup('llm-datadist', '0x5010B001')).toEqual({
      family: 'llm-datadist',
      code: '0x5010B001',
      name: 'LLM_WAIT_PROC_TIMEOUT',
      aliases: ['1343270913', 'LLM_WAIT_PROCESS_TIMEOUT'],
      recoverable: true,
      message: { en: 'Processing timed out.', zh: '处理超时' },
      remedy: { en: 'Increase the timeout and retry.', zh: '加大超时时间并重试。' },
      class: 'retryable',
      classBasis: 'vendor',
      classReason: 'The vendor marks it recoverable.',
      contexts: [
        { when: { api: ['PullKvCache', 'PullKvBlocks'] }, class: 'fatal', reason: 'Vendor: on transfer APIs the link cannot recover and must be rebuilt.' },
      ],
      source: 'seed:002_479606296454d700.txt',
    });
    expect(index.lookup('huawei-cloud', 'APIG.0308')).toMatchObject({ httpStatus: 429, name: '' });
    expect(index.lookup('aclnn', '561xxx')).toMatchObject({ range: { from: 561000, to: 561999 } });
  });

  it('is frozen all the way down', () => {
    const index = loadCatalogs(`${FIXTURES}/valid`);
    const entry = index.lookup('llm-datadist', '0x5010B001');
    expect([
      Object.isFrozen(index),
      Object.isFrozen(index.families),
      Object.isFrozen(index.families[0]?.title),
      Object.isFrozen(index.entries()),
      Object.isFrozen(entry),
      Object.isFrozen(entry?.aliases),
      Object.isFrozen(entry?.message),
      Object.isFrozen(entry?.contexts[0]?.when.api),
    ]).toEqual([true, true, true, true, true, true, true, true]);
  });

  it('reports every problem in every malformed file at once, sorted, as file:line:col', () => {
    const dir = `${FIXTURES}/invalid`;
    expect(loadErrorsOf(() => loadCatalogs(dir))).toEqual([
      `${dir}/alias-collision.yaml:8:26 alias "200" of entry "0x64" collides with code "200" of entry "200" at line 15`,
      `${dir}/alias-collision.yaml:24:11 name "hundred" of entry "300" collides with alias "HUNDRED" of entry "0x64" at line 8`,
      `${dir}/alias-collision.yaml:25:15 alias "100" of entry "300" is the same number (100) as code "0x64" of entry "0x64" at line 6`,
      `${dir}/bad-class.yaml:9:12 class must be one of retryable, fatal, success (at entries.0.class)`,
      `${dir}/dup-code.yaml:20:11 duplicate code "100": entry at line 6 has the same code`,
      `${dir}/overlapping-ranges.yaml:15:12 range 560000..569999 of "56xxxx" overlaps range 561000..561999 of "561xxx" at line 7`,
      `${dir}/schema-mix.yaml:7:12 range from 562000 is greater than to 561999 (at entries.0.range)`,
      `${dir}/schema-mix.yaml:8:18 Too big: expected number to be <=599 (at entries.0.http_status)`,
      `${dir}/schema-mix.yaml:9:28 Chinese text must not be empty (at entries.0.message.zh)`,
      `${dir}/schema-mix.yaml:14:13 source must be "seed:<file>" or "doc:<document>" (at entries.0.source)`,
      `${dir}/syntax-error.yaml:6:15 YAML: Missing closing "quote`,
      `${dir}/syntax-error.yaml:8:1 YAML: Flow map in block collection must be sufficiently indented and end with a }`,
      `${dir}/unknown-field.yaml:7:5 unknown field "colour" (at entries.0)`,
      `${dir}/wrong-name.yaml:2:9 family "not-the-file-name" does not match the file name: wrong-name.yaml must hold family "wrong-name"`,
    ]);
  });

  it('rejects a family defined by two files', () => {
    expect(loadErrorsOf(() => loadCatalogFiles([`${FIXTURES}/valid/aclnn.yaml`, `${FIXTURES}/other/aclnn.yaml`]))).toEqual([
      `${FIXTURES}/other/aclnn.yaml:2:9 family "aclnn" is already defined in ${FIXTURES}/valid/aclnn.yaml`,
    ]);
  });

  it('reports a missing directory, an empty directory and an unreadable file as whole-file errors', () => {
    expect(loadErrorsOf(() => loadCatalogs(`${FIXTURES}/missing`))).toEqual([
      expect.stringMatching(new RegExp(`^${FIXTURES}/missing:0:0 cannot read the catalog directory: ENOENT`)),
    ]);
    expect(loadErrorsOf(() => loadCatalogs('test/catalog'))).toEqual(['test/catalog:0:0 no catalog files (*.yaml) in this directory']);
    expect(loadErrorsOf(() => loadCatalogFiles([`${FIXTURES}/valid/nope.yaml`]))).toEqual([
      expect.stringMatching(new RegExp(`^${FIXTURES}/valid/nope.yaml:0:0 cannot read file: ENOENT`)),
    ]);
  });
});

describe('catalogFileSchema range spelling', () => {
  const file = (entry: string): string =>
    'family: f\ntitle: {en: t, zh: t}\nseed: s\nentries:\n  - ' +
    entry +
    '\n    message: {en: m, zh: m}\n    remedy: {en: r, zh: r}\n    class: fatal\n    class_basis: policy\n    class_reason: r\n    source: "doc:d"\n';

  it.each([
    ['code: "561xxx"', '5:11 code "561xxx" is spelled as a range but the entry has no range (at entries.0.code)'],
    ['code: "561"\n    range: {from: 561, to: 561}', '5:11 a range entry\'s code is spelled like 561xxx, not "561" (at entries.0.code)'],
    ['code: "561xxx"\n    range: {from: 560000, to: 561999}', '6:12 range 560000..561999 is outside 561000..561999, which code "561xxx" spells (at entries.0.range)'],
    ['code: "1 2"', '5:11 a code or alias must be one word without spaces (at entries.0.code)'],
    ['code: "0x80E01801"\n    level: Reboot', '6:12 level must be one of NotHandleFault, SubHealthFault, RestartRequest, RestartBusiness, FreeRestartNPU, RestartNPU, PreSeparateNPU, SeparateNPU, ManuallySeparateNPU (at entries.0.level)'],
    ['code: "0x80E01801"\n    escalate: {count: 1, within: 24h, severity: page, reason: r}', "6:23 escalate.count must be at least 2: one occurrence is the class alert's job (at entries.0.escalate.count)"],
    ['code: "0x80E01801"\n    escalate: {count: 2, within: 1 day, severity: page, reason: r}', '6:34 escalate.within is a duration in one unit, e.g. 30m, 24h, 1d (at entries.0.escalate.within)'],
    ['code: "0x80E01801"\n    escalate: {count: 2, within: 1h, severity: urgent, reason: r}', '6:48 escalate.severity must be page or ticket (at entries.0.escalate.severity)'],
  ])('%s', (entry, expected) => {
    const r = parseYamlText('f.yaml', file(entry), catalogSchemas().catalogFileSchema);
    expect(r.errors.map(formatLoadError)).toEqual([`f.yaml:${expected}`]);
  });

  it('refuses escalate on a range entry and on a success entry, at the escalation', () => {
    const range = parseYamlText('f.yaml', file('code: "561xxx"\n    range: {from: 561000, to: 561999}\n    escalate: {count: 2, within: 1h, severity: page, reason: r}'), catalogSchemas().catalogFileSchema);
    expect(range.errors.map(formatLoadError)).toEqual([
      "f.yaml:7:15 a range entry cannot escalate: its members are counted under their own codes, which an alert rule cannot list (at entries.0.escalate)",
    ]);
    const success = parseYamlText('f.yaml', file('code: "0"\n    escalate: {count: 2, within: 1h, severity: page, reason: r}').replace('class: fatal', 'class: success'), catalogSchemas().catalogFileSchema);
    expect(success.errors.map(formatLoadError)).toEqual(['f.yaml:6:15 a success entry cannot escalate: seeing it repeatedly is not a fault (at entries.0.escalate)']);
  });
});
