// Regression (issue #10, hole 6): rules and catalogs mounted as a Kubernetes ConfigMap are symbolic links
// into `..data/`. A directory of such links was refused ("no rule files", exit 2) and a single linked rule
// file was skipped without a word, so its family found nothing. Both now load; an entry that leads to no
// regular file is an error naming it.
import { copyFileSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/commands/check.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { LoadErrors } from '../../src/load/load-error.js';
import { listDataFiles } from '../../src/load/read-data-files.js';
import { tempDir } from '../sources/test-helpers.js';

const RULES = join(process.cwd(), 'rules');
const CATALOGS = join(process.cwd(), 'catalogs');
const yamlIn = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();

/** Lays out `from`'s *.yaml the way the kubelet mounts a ConfigMap: `..<ts>/` files, `..data` -> it, `name` -> `..data/name`. */
function mountAsConfigMap(from: string, to: string, names = yamlIn(from)): void {
  mkdirSync(join(to, '..2026_12_04_18_00_00.000000001'), { recursive: true });
  for (const n of yamlIn(from)) copyFileSync(join(from, n), join(to, '..2026_12_04_18_00_00.000000001', n));
  symlinkSync('..2026_12_04_18_00_00.000000001', join(to, '..data'));
  for (const n of names) symlinkSync(join('..data', n), join(to, n));
}

function checkCounts(rules: string, catalogs: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCheck({ rules, catalogs }, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('rules and catalogs mounted as a ConfigMap (symbolic links)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('configmap')));
  afterEach(() => cleanup());

  it('loads a directory whose every data file is a symbolic link, with exactly the tests of the real files', () => {
    mountAsConfigMap(RULES, join(dir, 'rules'));
    mountAsConfigMap(CATALOGS, join(dir, 'catalogs'));
    const direct = loadKnowledge({ rulesDir: RULES, catalogDir: CATALOGS });
    const linked = loadKnowledge({ rulesDir: join(dir, 'rules'), catalogDir: join(dir, 'catalogs') });
    expect(linked.rules.files.map((f) => f.rules.length)).toEqual(direct.rules.files.map((f) => f.rules.length));
    expect(linked.catalog.families.map((f) => f.id)).toEqual(direct.catalog.families.map((f) => f.id));
    expect(linked.version).toBe(direct.version);
    const viaLinks = checkCounts(join(dir, 'rules'), join(dir, 'catalogs'));
    const real = checkCounts(RULES, CATALOGS);
    expect(viaLinks.err).toBe('');
    expect(viaLinks.code).toBe(0);
    expect(viaLinks.out.split('\n').at(-2)).toBe(real.out.split('\n').at(-2)); // "N passed, 0 failed", same N
  });

  it('reads one symbolically linked rule file among regular ones', () => {
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    const [linkedName, ...rest] = yamlIn(RULES);
    for (const n of rest) copyFileSync(join(RULES, n), join(rules, n));
    symlinkSync(join(RULES, linkedName), join(rules, linkedName));
    expect(listDataFiles(rules, 'rule')).toEqual({ files: yamlIn(RULES).map((n) => join(rules, n)), errors: [] });
    const linked = loadKnowledge({ rulesDir: rules, catalogDir: CATALOGS });
    expect(linked.rules.files.map((f) => f.file)).toContain(join(rules, linkedName));
  });

  it('refuses a data file that leads to no regular file, naming it, instead of skipping it', () => {
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    for (const n of yamlIn(RULES)) copyFileSync(join(RULES, n), join(rules, n));
    symlinkSync(join(dir, 'missing.yaml'), join(rules, 'zz-dangling.yaml'));
    mkdirSync(join(rules, 'zz-dir.yaml'));
    const listed = listDataFiles(rules, 'rule');
    expect(listed.errors).toEqual([
      { file: join(rules, 'zz-dangling.yaml'), line: 0, col: 0, message: 'not read as a rule file: it is a symbolic link to nothing' },
      { file: join(rules, 'zz-dir.yaml'), line: 0, col: 0, message: 'not read as a rule file: it is a directory' },
    ]);
    expect(() => loadKnowledge({ rulesDir: rules, catalogDir: CATALOGS })).toThrow(LoadErrors);
    const check = checkCounts(rules, CATALOGS);
    expect(check.code).toBe(2); // load errors exit 2 in every command (issue #11)
    expect(check.err).toContain(`${join(rules, 'zz-dangling.yaml')}:0:0`);
  });
});
