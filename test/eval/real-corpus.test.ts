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

// Figures per split: [found, wrong, missed] per family, and the lines the rules still miss. The fresh held-out
// split (holdout-fresh/) was scored once, after tuning on the top-level files; its misses were pinned as measured
// (docs/rules.md keeps those scores) until fixed as said below.
// The third held-out split (holdout-3/) was set aside before its collection's tuning lines were scored, and scored
// once after tuning: 17 of 17 found, nothing on its 6 negatives.
// acl-runtime and cann-errmsg (issue 15) were written before issue 9's new lines reached the corpus. Their misses
// were pinned as measured; on 2026-12-05, after every split had been scored, two rules were added for the missed
// shapes, tested on other public lines (cann-errmsg-line-head: the error manager's `E39999: <time> ...[FUNC:...]`
// trace lines, 3 held-out misses; aclnn-code-near-status: `aclnnX failed 561000`, 1 fresh miss). What they fixed
// was seen before the fix: those figures are no longer a measure of generalisation (docs/rules.md has the scores
// before the fix). The last four misses (an issue title `报错507015` in tuning; `error:507011`, `报错误码 507011` and
// `failed with RuntimeError EZ9999` in the fresh split, scored before) were fixed the same way on 2026-12-06, by
// acl-runtime-code-near-cue and cann-errmsg-after-error, tested on other public lines: no split has a miss left.
// Four acl-runtime lines were added to the tuning part afterwards (third-ascend.yaml), with the rules written for
// them (the runtime's exception info `... stream_id: 47, task_id: 2, retcode: 507015`, Vision SDK's `(Calling
// Function = aclrtSynchronizeStream, Code = 507014, ...)`): the rules before them found none of the four.
const TUNING_MISSES: string[] = [];
const FIVE = ['aclnn', 'core-vision', 'huawei-cloud', 'llm-datadist', 'speech-sdk'];
describe.each([
  ['tuning', REAL, { 'acl-runtime': [29, 0, 0], aclnn: [42, 0, 0], 'cann-errmsg': [42, 0, 0], 'huawei-cloud': [44, 0, 0], 'llm-datadist': [12, 0, 0] }, TUNING_MISSES, 160, 285],
  ['held-out', join(REAL, 'holdout'), { 'acl-runtime': [9, 0, 0], aclnn: [11, 0, 0], 'cann-errmsg': [15, 0, 0], 'huawei-cloud': [10, 0, 0], 'llm-datadist': [1, 0, 0] }, [], 40, 115],
  ['fresh held-out', join(REAL, 'holdout-fresh'), { 'acl-runtime': [4, 0, 0], aclnn: [5, 0, 0], 'cann-errmsg': [5, 0, 0], 'huawei-cloud': [18, 0, 0], 'llm-datadist': [0, 0, 0] }, [], 30, 20],
  ['third held-out', join(REAL, 'holdout-3'), { 'acl-runtime': [0, 0, 0], aclnn: [6, 0, 0], 'cann-errmsg': [2, 0, 0], 'huawei-cloud': [5, 0, 0], 'llm-datadist': [4, 0, 0] }, [], 17, 6],
])('the %s split', (_name, dir, figures, misses, minPositives, minNegatives) => {
  const { cases, errors } = loadCorpus(dir);
  const score = scoreCorpus(cases, knowledge);

  it('loads, every case citing its source', () => {
    expect(errors).toEqual([]);
    expect(cases.every((c) => c.source.length > 0)).toBe(true);
    expect(score.positiveLines).toBeGreaterThanOrEqual(minPositives);
    expect(score.negativeLines).toBeGreaterThanOrEqual(minNegatives);
  });

  it('finds every expected code but the pinned misses, and nothing on any hard negative', () => {
    expect(score.wrong.map((w) => `${w.source} missed [${w.missed.join(', ')}] wrong [${w.extra.join(', ')}]`)).toEqual(misses);
    expect(score.negativesWithEvents).toBe(0);
  });

  it('keeps the pinned figures per family: found, wrong, missed', () => {
    const got = Object.fromEntries(Object.keys(figures).map((family) => {
      const f = score.families.find((s) => s.family === family);
      return [family, [f?.truePositives ?? 0, f?.falsePositives ?? 0, f?.misses ?? 0]];
    }));
    expect(got).toEqual(figures);
    expect(precision(score.total)).toBe(1);
  });
});

describe('the whole corpus', () => {
  const all = [REAL, join(REAL, 'holdout'), join(REAL, 'holdout-fresh'), join(REAL, 'holdout-3')].flatMap((d) => loadCorpus(d).cases);
  const score = scoreCorpus(all, knowledge);

  it('meets the goal on the five families of issue 9: recall >= 0.99, precision >= 0.995, no event on a hard negative', () => {
    const five = score.families.filter((f) => FIVE.includes(f.family));
    const sum = (k: 'truePositives' | 'falsePositives' | 'misses'): number => five.reduce((n, f) => n + f[k], 0);
    const total = { family: 'five', truePositives: sum('truePositives'), falsePositives: sum('falsePositives'), misses: sum('misses') };
    expect(recall(total)).toBeGreaterThanOrEqual(0.99);
    expect(precision(score.total)).toBeGreaterThanOrEqual(0.995);
    expect(score.negativesWithEvents).toBe(0);
    expect({ positives: score.positiveLines, negatives: score.negativeLines }).toEqual({ positives: 260, negatives: 436 });
    // Issue 9 asks for 150 positive lines of its five families; the rest are hard negatives for them (the
    // acl-runtime and cann-errmsg lines included).
    const fiveLines = all.filter((c) => c.events.some((e) => FIVE.includes(e.family))).length;
    expect({ five: fiveLines, hardNegatives: all.length - fiveLines }).toEqual({ five: 158, hardNegatives: 538 });
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
