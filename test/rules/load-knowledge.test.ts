import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { formatLoadError, LoadErrors } from '../../src/load/load-error.js';

function copyOf(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'knowledge-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

function errorsOf(opts: { catalogDir: string; rulesDir: string }): string[] {
  try {
    loadKnowledge(opts);
    return [];
  } catch (err) {
    if (!(err instanceof LoadErrors)) throw err;
    return err.errors.map((e) => formatLoadError({ ...e, file: e.file.replace(/^.*\//, '') }));
  }
}

describe('loadKnowledge', () => {
  it('loads the bundled catalogs and rules into one frozen value with a content version', () => {
    const k = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
    expect(Object.isFrozen(k)).toBe(true);
    expect(k.catalog.families.map((f) => f.id)).toEqual(['acl-runtime', 'aclnn', 'cann-errmsg', 'core-vision', 'huawei-cloud', 'llm-datadist', 'npu-fault', 'speech-sdk']);
    expect(k.rules.rules.length).toBe(33);
    expect(k.version).toMatch(/^[0-9a-f]{12}$/);
    expect(loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR }).version).toBe(k.version);
  });

  it('changes version when a rule file changes', () => {
    const rules = copyOf(DEFAULT_RULES_DIR);
    const before = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: rules }).version;
    writeFileSync(join(rules, 'aclnn.yaml'), '# edited\n', { flag: 'a' });
    expect(loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: rules }).version).not.toBe(before);
  });

  it('reports catalog and rule problems together in one LoadErrors', () => {
    const catalogs = copyOf(DEFAULT_CATALOG_DIR);
    writeFileSync(join(catalogs, 'speech-sdk.yaml'), 'family: speech-sdk\ntitle: {en: x, zh: y}\nseed: s\nentries: [{code: "1"}]\n');
    const rules = copyOf(DEFAULT_RULES_DIR);
    writeFileSync(join(rules, 'extra.yaml'), "family: extra\nrules:\n  - id: extra-1\n    anchors: [\"extra code\"]\n    pattern: 'extra code (?<code>\\d+'\n    tests: [{line: x, none: true}]\n");
    const errors = errorsOf({ catalogDir: catalogs, rulesDir: rules });
    expect(errors.filter((e) => e.startsWith('extra.yaml'))).toEqual(['extra.yaml:5:26 pattern: group "(" is never closed']);
    expect(errors.filter((e) => e.startsWith('speech-sdk.yaml')).length).toBeGreaterThan(0);
  });

  it('refuses a rule family the catalogs do not define, at its family field', () => {
    const rules = copyOf(DEFAULT_RULES_DIR);
    writeFileSync(join(rules, 'extra.yaml'), "family: extra\nrules:\n  - id: extra-1\n    anchors: [\"extra code\"]\n    pattern: 'extra code (?<code>\\d+)'\n    tests: [{line: x, none: true}]\n");
    expect(errorsOf({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: rules })).toEqual([
      'extra.yaml:1:9 family "extra" has no catalog (catalogs define: acl-runtime, aclnn, cann-errmsg, core-vision, huawei-cloud, llm-datadist, npu-fault, speech-sdk)',
    ]);
  });
});
