// load/prebuilt.ts: what the start-up snapshot's build loaded is given back only for the same loader, options and
// directory, only while every `*.yaml` file there has the bytes it had, and only once.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { dataFilesFingerprint, PrebuiltValues, startKeeping, stopKeeping } from '../../src/load/prebuilt.js';

const root = mkdtempSync(join(tmpdir(), 'prebuilt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory holding `files` (name -> text). */
function dataDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/** Two loaders' stores, as the catalogs' and the rules' (each a PrebuiltValues of its own type). */
const catalogs = new PrebuiltValues<unknown>('test catalogs');
const rules = new PrebuiltValues<unknown>('test rules');

/** Keeps one value built from `dir` in `store` under `options`, as the snapshot's build does. */
function keep(store: PrebuiltValues<unknown>, options: string, dir: string): object {
  const value = { built: dir };
  startKeeping();
  store.orLoad(options, dir, () => value);
  stopKeeping();
  return value;
}

describe('PrebuiltValues', () => {
  it('gives the kept value for the same key and unchanged files, once; a later load builds again', () => {
    const dir = dataDir('same', { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 2\n', 'notes.txt': 'not data' });
    const kept = keep(catalogs, '', dir);
    const load = vi.fn(() => ({ fresh: true }));
    expect(catalogs.orLoad('', dir, load)).toBe(kept);
    expect(load).not.toHaveBeenCalled();
    expect(catalogs.orLoad('', dir, load)).toEqual({ fresh: true });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('builds again when a data file changed, appeared, was renamed or is gone', () => {
    const changes: Array<[string, (dir: string) => void]> = [
      ['a byte changed', (dir) => writeFileSync(join(dir, 'a.yaml'), 'a: 2\n')],
      ['a file added', (dir) => writeFileSync(join(dir, 'c.yaml'), 'c: 3\n')],
      ['a file renamed', (dir) => renameSync(join(dir, 'b.yaml'), join(dir, 'c.yaml'))],
      ['a file removed', (dir) => rmSync(join(dir, 'b.yaml'))],
      ['the directory removed', (dir) => rmSync(dir, { recursive: true })],
    ];
    for (const [what, change] of changes) {
      const dir = dataDir(what.replaceAll(' ', '-'), { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 2\n' });
      keep(rules, '{}', dir);
      change(dir);
      const fresh = { fresh: what };
      expect(rules.orLoad('{}', dir, () => fresh), what).toBe(fresh);
    }
  });

  it('ignores files that are not data files, and keys by loader and options as well as directory', () => {
    const dir = dataDir('keys', { 'a.yaml': 'a: 1\n' });
    const kept = keep(rules, '{}', dir);
    writeFileSync(join(dir, 'README.md'), 'edited');
    expect(rules.orLoad('{"aclnn":["x"]}', dir, () => 'other options')).toBe('other options');
    expect(catalogs.orLoad('{}', dir, () => 'other loader')).toBe('other loader');
    expect(rules.orLoad('{}', dir, () => 'unused')).toBe(kept);
  });

  it('refuses a second store of the same name (stopKeeping counts by name)', () => {
    expect(() => new PrebuiltValues<unknown>('test rules')).toThrow(/exists already/);
  });

  it('keeps nothing for a directory it cannot read (the loader reports why, at every load)', () => {
    const missing = join(root, 'missing');
    expect(dataFilesFingerprint(missing)).toBeUndefined();
    startKeeping();
    expect(catalogs.orLoad('', missing, () => 'built')).toBe('built');
    expect(stopKeeping()['test catalogs']).toBe(0);
  });
});

describe('the loaders through their PrebuiltValues', () => {
  it('a kept catalog and rule set are what loading them again builds, and an edited copy of the catalogs is not served', () => {
    startKeeping();
    const kept = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
    expect(stopKeeping()).toEqual({ catalogs: 1, rules: 1, 'test catalogs': 0, 'test rules': 0 });
    const again = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
    expect(again.catalog).toBe(kept.catalog);
    expect(again.rules).toBe(kept.rules);
    const fresh = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
    expect(fresh.catalog).not.toBe(kept.catalog);
    expect(fresh.version).toBe(kept.version);

    const copy = join(root, 'catalogs');
    cpSync(DEFAULT_CATALOG_DIR, copy, { recursive: true });
    startKeeping();
    const keptCopy = loadCatalogs(copy);
    stopKeeping();
    const aclnn = join(copy, 'aclnn.yaml');
    writeFileSync(aclnn, `# edited after the build\n${readFileSync(aclnn, 'utf8')}`);
    const edited = loadCatalogs(copy);
    expect(edited).not.toBe(keptCopy);
    expect(edited.families.find((f) => f.id === 'aclnn')?.version).not.toBe(keptCopy.families.find((f) => f.id === 'aclnn')?.version);
  });
});
