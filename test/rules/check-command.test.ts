import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { runCheck } from '../../src/cli/commands/check.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';

function check(rules: string, catalogs = DEFAULT_CATALOG_DIR): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCheck({ rules, catalogs }, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function rulesDir(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-'));
  writeFileSync(join(dir, 'aclnn.yaml'), text);
  return dir;
}

const ONE_RULE = [
  'family: aclnn',
  'rules:',
  '  - id: aclnn-test',
  '    anchors: ["error code is"]',
  "    pattern: 'error code is (?<code>\\d+)'",
  '    map: decimal',
  '    tests:',
  '      - line: "error code is 161002"',
  '        events: [{code: "161002", class: fatal}]',
  '      - line: "error code is 161001"',
  '        events: [{code: "161001", class: retryable}]',
  '',
].join('\n');

describe('check', () => {
  it('passes the bundled catalogs and rules, running every inline test', () => {
    const tests = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR }).rules.files.reduce((n, f) => n + f.tests.length, 0);
    const { code, out, err } = check(DEFAULT_RULES_DIR);
    expect(err).toBe('');
    expect(out.trimEnd().split('\n').at(-1)).toBe(`${tests} passed, 0 failed`);
    expect(out).toMatch(/^rules\/aclnn\.yaml: 2 rules, \d+ passed$/m);
    expect(out).toMatch(/^catalogs\/llm-datadist\.yaml: ok, 18 entries \(version [0-9a-f]{12}\)$/m);
    expect(code).toBe(0);
  });

  it('reports a failing inline test with its position and what differed, and exits 1', () => {
    const { code, out } = check(rulesDir(ONE_RULE));
    expect(out).toContain('aclnn.yaml: 1 rules, 1 passed, 1 failed\n');
    expect(out).toMatch(/aclnn\.yaml:10:15 \[aclnn-test\] "error code is 161001"\n {4}aclnn 161001: class is fatal \(policy\), expected retryable\n/);
    expect(out.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed');
    expect(code).toBe(1);
  });

  it('prints load errors as file:line:col and exits 2 (like every command) without running tests', () => {
    const { code, out, err } = check(rulesDir(ONE_RULE.replace("(?<code>\\d+)'", "(?<code>\\d+'").replace('family: aclnn', 'family: nope')));
    expect(err).toMatch(/aclnn\.yaml:5:29 pattern: group "\(" is never closed\n/);
    expect(out).toBe('1 load error; no tests run\n0 passed, 0 failed\n');
    expect(code).toBe(2);
  });

  it('refuses a rule file whose family has no catalog, at its family field', () => {
    const { code, err } = check(rulesDir(ONE_RULE.replace('family: aclnn', 'family: nope')));
    expect(err).toMatch(/aclnn\.yaml:1:9 family "nope" has no catalog \(catalogs define: acl-runtime, aclnn, cann-errmsg, core-vision, huawei-cloud, llm-datadist, npu-fault, speech-sdk\)\n$/);
    expect(code).toBe(2);
  });

  it('runs as a real command: errcode-exporter check', () => {
    const out = execFileSync(process.execPath, ['dist/cli/main.js', 'check'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    expect(out).toMatch(/\n\d+ passed, 0 failed\n$/);
  });
});
