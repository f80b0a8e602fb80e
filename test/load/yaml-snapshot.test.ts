import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { runCheck } from '../../src/cli/commands/check.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/load-knowledge.js';
import { disableSnapshot, startRecording, useSnapshot, writeSnapshot } from '../../src/load/yaml-snapshot.js';

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
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { entries: Record<string, { value: string }> };
    for (const entry of Object.values(snapshot.entries)) entry.value = entry.value.replace('"title":{"en":"', '"title":{"en":"SNAPSHOT ');
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

  it('is never used by check', () => {
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { entries: Record<string, { value: string }> };
    // A snapshot that would make every rule file's inline tests fail: no rules at all.
    for (const entry of Object.values(snapshot.entries)) {
      const value = JSON.parse(entry.value) as { rules?: unknown[] };
      if (value.rules !== undefined) entry.value = JSON.stringify({ ...value, rules: [] });
    }
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
