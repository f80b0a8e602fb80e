// The bundled rules against the real-world corpus (test/fixtures/real): verbatim public log lines, each cited,
// with the events they must yield. Pins the figures: a rule change that misses a real code, or fires on a
// real hard negative, fails here with the line and its source.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { loadCorpus } from '../../src/eval/real-corpus.js';
import { precision, recall, scoreCorpus } from '../../src/eval/score-corpus.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';

const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
const REAL = join(PACKAGE_ROOT, 'test', 'fixtures', 'real');

/**
 * Families held to a recall floor per split instead of "every expected code": the CANN message codes come in
 * layouts the rules only partly know (issue 15: held-out recall 12/15 when the rules were written). Their
 * precision stays strict: a wrong code of theirs fails "nothing else" below.
 */
const RECALL_FLOORS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'cann-errmsg': { tuning: 0.99, 'held-out': 0.8 },
};
const familyOf = (key: string): string => key.slice(0, key.indexOf(':'));

describe.each([
  // Negatives shrink as families arrive: a line of a family still to come counts as a negative until it is loaded.
  ['tuning', REAL, 90, 250],
  ['held-out', join(REAL, 'holdout'), 45, 115],
])('the %s split', (name, dir, minPositives, minNegatives) => {
  const { cases, errors } = loadCorpus(dir);
  const score = scoreCorpus(cases, knowledge);

  it('loads, every case citing its source', () => {
    expect(errors).toEqual([]);
    expect(cases.every((c) => c.source.length > 0)).toBe(true);
    expect(score.positiveLines).toBeGreaterThanOrEqual(minPositives);
    expect(score.negativeLines).toBeGreaterThanOrEqual(minNegatives);
  });

  it('finds every expected code and nothing else', () => {
    const strict = score.wrong
      .map((w) => ({ ...w, missed: w.missed.filter((k) => RECALL_FLOORS[familyOf(k)] === undefined) }))
      .filter((w) => w.missed.length > 0 || w.extra.length > 0);
    expect(strict.map((w) => `${w.at} (${w.source}) missed [${w.missed.join(', ')}] wrong [${w.extra.join(', ')}]`)).toEqual([]);
    expect(score.negativesWithEvents).toBe(0);
  });

  it.each(Object.keys(RECALL_FLOORS))('%s: recall at its floor, precision >= 0.995', (family) => {
    const f = score.families.find((s) => s.family === family);
    expect(f?.truePositives).toBeGreaterThan(0);
    expect(recall(f!)).toBeGreaterThanOrEqual(RECALL_FLOORS[family]?.[name] ?? 1);
    expect(precision(f!)).toBeGreaterThanOrEqual(0.995);
  });

  it.each(['acl-runtime', 'aclnn', 'huawei-cloud', 'llm-datadist'])('%s: recall >= 0.99 and precision >= 0.995', (family) => {
    const f = score.families.find((s) => s.family === family);
    expect(f?.truePositives).toBeGreaterThan(0);
    expect(recall(f!)).toBeGreaterThanOrEqual(0.99);
    expect(precision(f!)).toBeGreaterThanOrEqual(0.995);
  });
});

describe('scoreCorpus', () => {
  it('counts found, wrong and missed codes per family, and negatives with events', () => {
    const score = scoreCorpus(
      [
        { at: 'a:1', source: 's', line: 'call aclnnAdd failed, error code is 161002', events: [{ family: 'aclnn', code: '161002' }] },
        { at: 'a:2', source: 's', line: 'nothing here', events: [{ family: 'aclnn', code: '161001' }] },
        { at: 'a:3', source: 's', line: '{"error_code":"APIGW.0308"}', events: [] },
        { at: 'a:4', source: 's', line: 'a family still to come: XY0001', events: [{ family: 'not-yet-a-family', code: 'XY0001' }] },
      ],
      knowledge,
    );
    const aclnn = score.families.find((f) => f.family === 'aclnn');
    const cloud = score.families.find((f) => f.family === 'huawei-cloud');
    expect(aclnn).toEqual({ family: 'aclnn', truePositives: 1, falsePositives: 0, misses: 1 });
    expect(cloud).toEqual({ family: 'huawei-cloud', truePositives: 0, falsePositives: 1, misses: 0 });
    // A family the catalogs do not define yet is left out: its line is a negative for the loaded ones.
    expect(score.families.map((f) => f.family)).not.toContain('not-yet-a-family');
    expect({ positives: score.positiveLines, negatives: score.negativeLines, negativesWithEvents: score.negativesWithEvents }).toEqual({ positives: 2, negatives: 2, negativesWithEvents: 1 });
    expect(recall(aclnn!)).toBe(0.5);
    expect(precision(cloud!)).toBe(0);
  });
});
