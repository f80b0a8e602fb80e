import { describe, expect, it } from 'vitest';
import { chooseStart } from '../../src/sources/files/choose-start.js';
import type { StartFacts } from '../../src/sources/files/choose-start.js';
import { fingerprintOf } from '../../src/sources/files/file-fingerprint.js';
import type { PositionRecord } from '../../src/sources/files/positions-file.js';

const head = Buffer.from('2024-05-01 12:00:00 first line of the file\n');
const record = (offset: number, bytes: Buffer = head): PositionRecord => ({
  ...fingerprintOf(1, 2, bytes), source: 'app', path: '/l/app.log', offset, line: 7, skipping: false,
});
const facts = (more: Partial<StartFacts>): StartFacts => ({
  phase: 'startup', fromBeginning: false, candidates: [], head, size: 500, bornAt: 1_000, newerThan: 5_000, ...more,
});

describe('chooseStart', () => {
  it.each([
    { name: 'checkpoint with matching head resumes', f: facts({ candidates: [record(100)] }), at: { offset: 100, line: 7, skipping: false } },
    { name: 'checkpoint wins over fromBeginning', f: facts({ candidates: [record(100)], fromBeginning: true }), at: { offset: 100, line: 7, skipping: false } },
    { name: 'checkpoint of a shorter head still matches its prefix', f: facts({ candidates: [record(40, head.subarray(0, 10))] }), at: { offset: 40, line: 7, skipping: false } },
    // Issue #10, hole 2: copytruncate (or inode reuse) while stopped rewrote it since the checkpoint: all of it is new.
    { name: 'head differs (rewritten since the checkpoint): from 0', f: facts({ candidates: [record(100, Buffer.from('another file'))] }), at: 'beginning' },
    { name: 'head differs, file now empty: from 0', f: facts({ candidates: [record(100)], head: Buffer.alloc(0), size: 0 }), at: 'beginning' },
    { name: 'file now shorter than the checkpoint: from 0', f: facts({ candidates: [record(600)] }), at: 'beginning' },
    { name: 'start-up without checkpoint: end', f: facts({}), at: 'end' },
    { name: 'start-up with fromBeginning: beginning', f: facts({ fromBeginning: true }), at: 'beginning' },
    { name: 'start-up, born since the last checkpoint: beginning', f: facts({ bornAt: 6_000 }), at: 'beginning' },
    { name: 'start-up, birth time unknown: end', f: facts({ bornAt: 0, newerThan: 0 }), at: 'end' },
    { name: 'appeared while running: beginning', f: facts({ phase: 'running' }), at: 'beginning' },
  ])('$name', ({ f, at }) => {
    expect(chooseStart(f).at).toEqual(at);
  });

  it('reports a checkpoint beyond the end as a truncation', () => {
    expect(chooseStart(facts({ candidates: [record(600)] })).truncatedSinceCheckpoint).toBe(true);
    expect(chooseStart(facts({ candidates: [record(100)] })).truncatedSinceCheckpoint).toBe(false);
    expect(chooseStart(facts({ candidates: [record(100, Buffer.from('another file'))] })).truncatedSinceCheckpoint).toBe(true);
  });
});
