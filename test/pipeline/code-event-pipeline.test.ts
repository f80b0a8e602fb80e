// Marble tests for the LogLine -> CodeEvent operator with the bundled rules and catalogs.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/load-knowledge.js';
import { toCodeEvents } from '../../src/pipeline/code-event-pipeline.js';
import { UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import type { CodeEvent, LogLine } from '../../src/types.js';

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const line = (lineNo: number, text: string): LogLine => ({ source: 'scan', path: 'a.log', lineNo, text, truncated: false });
const brief = (e: CodeEvent): string => `${e.lineNo}:${e.family}:${e.code}:${e.class}`;

const LINES = {
  a: line(1, '[ERROR] ASCENDCL(1,python3):2025-03-14-09:21:09.841.660 [aclnn_add.cpp:61]2 aclnnAddGetWorkspaceSize failed with aclnnStatus=161001'),
  n: line(2, '[INFO] RUNTIME(1,python3):2025-03-14-09:20:58.530.772 [runtime.cc:1384]1 Init: device 0 opened, PID:161002'),
  l: line(3, '2025-03-14 11:05:31,442 ERROR [decode-1] ErrorNo: 1343270921(LLM_LINK_FAILED) api=PullKvCache'),
  t: line(4, '2025-03-14 11:03:40,550 ERROR PullKvCache failed: ErrorNo: 1343270913(LLM_WAIT_PROC_TIMEOUT) api=PullKvCache'),
  s: line(5, '2025-03-14 11:04:05,100 INFO [prefill-0] status LLM_SUCCESS: 0, ret = 0'),
  u: line(6, 'RuntimeError: NPU function error: call aclnnFoo failed, error code is 161999'),
};

let knowledge: Knowledge;
let llmOnly: Knowledge;
beforeAll(() => {
  knowledge = loadKnowledge({ catalogDir: 'catalogs', rulesDir: 'rules' });
  const rulesDir = mkdtempSync(join(tmpdir(), 'rules-llm-only-'));
  copyFileSync(join('rules', 'llm-datadist.yaml'), join(rulesDir, 'llm-datadist.yaml'));
  llmOnly = loadKnowledge({ catalogDir: 'catalogs', rulesDir });
});

describe('toCodeEvents', () => {
  it('turns lines into classified events in line order: negatives and success codes give none, unknowns stay visible', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const lines = cold('a-n-l-t-s-u-|', LINES);
      const events = lines.pipe(toCodeEvents(() => knowledge, new UnknownCodes()), map(brief));
      expectObservable(events).toBe('a---l-t---u-|', {
        a: '1:aclnn:161001:fatal',
        l: '3:llm-datadist:0x5010B009:retryable',
        // The vendor: on PullKvCache the wait timeout means the link must be rebuilt.
        t: '4:llm-datadist:0x5010B001:fatal',
        u: '6:aclnn:161999:unknown',
      });
    });
  });

  it('reads the knowledge for every line, so a reload applies from the next line on', () => {
    let current = knowledge;
    scheduler().run(({ cold, expectObservable }) => {
      const lines = cold('a-l-a-l-|', { a: LINES.a, l: LINES.l });
      const events = lines.pipe(
        toCodeEvents(() => current, new UnknownCodes()),
        map((e) => {
          current = llmOnly; // swapped after the first event: the aclnn rules are gone from the next line on
          return brief(e);
        }),
      );
      expectObservable(events).toBe('a-l---l-|', { a: '1:aclnn:161001:fatal', l: '3:llm-datadist:0x5010B009:retryable' });
    });
  });

  it('skips a line whose stage throws, reports it, and keeps the stream alive', () => {
    const failed: number[] = [];
    let calls = 0;
    scheduler().run(({ cold, expectObservable }) => {
      const lines = cold('a-a-a|', { a: LINES.a });
      const flaky = (): Knowledge => {
        if (++calls === 2) throw new Error('knowledge unavailable');
        return knowledge;
      };
      const events = lines.pipe(toCodeEvents(flaky, new UnknownCodes(), { onLineFailed: (l) => failed.push(l.lineNo) }), map(brief));
      expectObservable(events).toBe('a---a|', { a: '1:aclnn:161001:fatal' });
    });
    expect(failed).toEqual([1]);
  });

  it('folds unknown codes beyond the cap into `other`', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const lines = cold('abc|', {
        a: line(1, 'NPU function error: call aclnnA failed, error code is 161997'),
        b: line(2, 'NPU function error: call aclnnB failed, error code is 161998'),
        c: line(3, 'NPU function error: call aclnnC failed, error code is 161997'),
      });
      const events = lines.pipe(toCodeEvents(() => knowledge, new UnknownCodes(1)), map(brief));
      expectObservable(events).toBe('abc|', { a: '1:aclnn:161997:unknown', b: '2:aclnn:other:unknown', c: '3:aclnn:161997:unknown' });
    });
  });
});
