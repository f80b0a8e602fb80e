// reloadKnowledge loads only the side that changed and joins it with the side in use, checked and frozen;
// a problem in the changed side (or in how the two fit) throws with positions, leaving the caller's knowledge.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { reloadKnowledge } from '../../src/knowledge/reload-knowledge.js';
import { formatLoadError, LoadErrors } from '../../src/load/load-error.js';

const root = mkdtempSync(join(tmpdir(), 'reload-knowledge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const rulesDir = join(root, 'rules');
const catalogDir = join(root, 'catalogs');
cpSync(DEFAULT_RULES_DIR, rulesDir, { recursive: true });
cpSync(DEFAULT_CATALOG_DIR, catalogDir, { recursive: true });
const dirs = { rulesDir, catalogDir };
const current = loadKnowledge(dirs);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
    return [];
  } catch (err) {
    if (!(err instanceof LoadErrors)) throw err;
    return err.errors.map((e) => formatLoadError({ ...e, file: e.file.replace(/^.*\//, '') }));
  }
}

describe('reloadKnowledge', () => {
  it('reloads the rules alone and keeps the catalog in use (same object), frozen, with the same version for the same files', () => {
    const k = reloadKnowledge(current, new Set(['rules']), dirs);
    expect([k.catalog === current.catalog, k.rules === current.rules, Object.isFrozen(k), k.version]).toEqual([true, false, true, current.version]);
  });

  it('reloads the catalogs alone and keeps the rules in use', () => {
    const k = reloadKnowledge(current, new Set(['catalog']), dirs);
    expect([k.rules === current.rules, k.catalog === current.catalog, k.version]).toEqual([true, false, current.version]);
  });

  it('reloads both like loadKnowledge does', () => {
    const k = reloadKnowledge(current, new Set(['rules', 'catalog']), dirs);
    expect([k.rules === current.rules, k.catalog === current.catalog, k.version]).toEqual([false, false, current.version]);
  });

  it('refuses rules that name a family the catalogs in use lack, at the family line', () => {
    const other = join(root, 'rules-2');
    cpSync(rulesDir, other, { recursive: true });
    writeFileSync(join(other, 'new-family.yaml'), [
      'family: no-such-family', 'rules:', '  - id: x', '    anchors: ["xyz="]', "    pattern: 'xyz=(?<code>\\d+)'",
      '    tests:', '      - line: "xyz=1"', '        events: [{code: "1", class: unknown}]', '',
    ].join('\n'));
    expect(problemsOf(() => reloadKnowledge(current, new Set(['rules']), { rulesDir: other, catalogDir })))
      .toEqual(['new-family.yaml:1:9 family "no-such-family" has no catalog (catalogs define: acl-runtime, aclnn, cann-errmsg, core-vision, huawei-cloud, llm-datadist, npu-fault, speech-sdk)']);
  });

  it('refuses an empty request (a programming error)', () => {
    expect(() => reloadKnowledge(current, new Set(), dirs)).toThrow(/nothing to reload/);
  });
});
