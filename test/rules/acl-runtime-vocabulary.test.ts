// Three acl-runtime rules accept a bare code without any ACL word only because the number is one the runtime assigns:
// acl-runtime-code-near-cue (its pattern), acl-runtime-error-code-is and acl-runtime-calling-function (their second
// require_context). All three spell those numbers out; this keeps them equal to the catalog's exact entries (the
// range entries 107xxx/207xxx/507xxx cover the shape, not assigned codes), so a catalog import that adds or drops a
// code fails here instead of silently widening or narrowing the rules.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import { lineToEvents } from '../../src/transforms/line-to-events.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
const shaped = [1, 2, 5].flatMap((block) => Array.from({ length: 1000 }, (_, i) => String(block * 100000 + 7000 + i)));
const assigned = shaped.filter((code) => knowledge.catalog.lookup('acl-runtime', code)?.range === undefined);

/** The codes of the shape that give an acl-runtime event from `rule` on the line `template` makes. */
function found(rule: string, template: (code: string) => string): string[] {
  return shaped.filter((code) => {
    const events = lineToEvents({ source: 's', path: 'p', lineNo: 1, text: template(code) }, knowledge, new UnknownCodes());
    return events.some((e) => e.family === 'acl-runtime' && e.rule === rule && e.raw === code);
  });
}

describe('acl-runtime codes without an ACL word', () => {
  it("are the catalog's assigned codes", () => {
    expect(assigned.length).toBeGreaterThan(100);
    expect(assigned.length).toBeLessThan(200);
  });

  it.each([
    ['acl-runtime-code-near-cue', (code: string) => `Execute model(m.om) error:${code}`],
    ['acl-runtime-code-near-cue', (code: string) => `推理时报错误码 ${code}`],
    ['acl-runtime-error-code-is', (code: string) => `worker exited, error code is ${code}`],
    ['acl-runtime-calling-function', (code: string) => `(Calling Function = DeviceManager::InitDevices, Code = ${code}, Message = "unknown")`],
  ])('%s: exactly those (%#)', (rule, template) => {
    expect(found(rule, template)).toEqual(assigned);
  });

  it('any code of the shape next to an ACL word', () => {
    expect(found('acl-runtime-error-code-is', (code) => `aclrtSynchronizeStream failed, error code is ${code}`)).toEqual(shaped);
  });
});
