import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { runCheck } from '../../src/cli/commands/check.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/load-knowledge.js';
import { disableSnapshot, snapshotValue, startRecording, useSnapshot, writeSnapshot } from '../../src/load/yaml-snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'yaml-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const snapshotFile = join(dir, 'knowledge-snapshot.json');

/** Everything a loader derives from the files' values and positions, comparable with toEqual. */
function facts(k: Knowledge): unknown {
  return {
    version: k.version,
    families: k.catalog.families.map((f) => ({ ...f, file: f.file.replace(dir, '<copy>') })),
    entries: k.catalog.families.map((f) => k.catalog.entries(f.id)),
    rules: k.rules.rules.map((r) => ({ id: r.id, family: r.family, anchors: r.anchors, position: r.position, pattern: String(r.pattern) })),
    files: k.rules.files.map((f) => ({ family: f.family, familyPosition: f.familyPosition, version: f.version, tests: f.tests.length })),
  };
}

describe('the knowledge snapshot built at npm run build', () => {
  startRecording();
  const parsed = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
  const files = writeSnapshot(snapshotFile);

  it('holds every bundled catalog and rule file', () => {
    expect(files).toBe(16); // 8 catalogs, 8 rule files
  });

  it('gives the same knowledge as parsing the files, positions included', () => {
    useSnapshot(snapshotFile);
    expect(facts(loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR }))).toEqual(facts(parsed));
  });

  it('is what a byte-identical file loads from, and a file that differs by one byte is parsed again', () => {
    // A snapshot whose aclnn catalog title says so shows where each load took its value from.
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { entries: Record<string, { value: { title?: { en: string } } }> };
    for (const { value } of Object.values(snapshot.entries)) if (value.title !== undefined) value.title.en = `SNAPSHOT ${value.title.en}`;
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(snapshot));
    const catalogs = join(dir, 'catalogs');
    cpSync(DEFAULT_CATALOG_DIR, catalogs, { recursive: true });
    const aclnn = join(catalogs, 'aclnn.yaml');
    writeFileSync(aclnn, `${readFileSync(aclnn, 'utf8')}\n`);

    useSnapshot(tampered);
    const titles = loadKnowledge({ catalogDir: catalogs, rulesDir: DEFAULT_RULES_DIR }).catalog.families.map((f) => f.title.en.startsWith('SNAPSHOT '));
    expect(titles).toEqual([true, false, true, true, true, true, true, true]); // acl-runtime, aclnn (changed), cann-errmsg, ...
    disableSnapshot();
    const parsedAgain = loadKnowledge({ catalogDir: catalogs, rulesDir: DEFAULT_RULES_DIR }).catalog.families.map((f) => f.title.en.startsWith('SNAPSHOT '));
    expect(parsedAgain).toEqual([false, false, false, false, false, false, false, false]);
  });

  it('gives its value to the first load of a file and a copy to every later one: no two loads share objects', () => {
    useSnapshot(snapshotFile);
    const text = readFileSync(join(DEFAULT_CATALOG_DIR, 'aclnn.yaml'), 'utf8');
    const first = snapshotValue('catalog', text)?.value;
    const second = snapshotValue('catalog', text)?.value;
    const third = snapshotValue('catalog', text)?.value;
    expect(first).toMatchObject({ family: 'aclnn' });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(second).not.toBe(first);
    expect(third).not.toBe(second);
    expect((second as { entries: unknown[] }).entries[0]).not.toBe((first as { entries: unknown[] }).entries[0]);
  });

  it('is never used by check', () => {
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { entries: Record<string, { value: { rules?: unknown[] } }> };
    // A snapshot that would make every rule file's inline tests fail: no rules at all.
    for (const entry of Object.values(snapshot.entries)) if (entry.value.rules !== undefined) entry.value = { ...entry.value, rules: [] };
    const emptied = join(dir, 'emptied.json');
    writeFileSync(emptied, JSON.stringify(snapshot));
    useSnapshot(emptied);
    expect(loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR }).rules.rules).toHaveLength(0);
    useSnapshot(emptied);
    let out = '';
    const code = runCheck({ catalogs: DEFAULT_CATALOG_DIR, rules: DEFAULT_RULES_DIR }, { out: (t) => (out += t), err: () => undefined });
    expect(code).toBe(0);
    expect(out).toMatch(/\n[1-9]\d* passed, 0 failed\n$/);
  });
});
