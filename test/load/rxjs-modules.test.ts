// src/reactive/rxjs.ts names the rxjs values the pipeline uses (the built CLI bundles just those, from rxjs's
// ES2015 build; test/load/lazy-libraries.test.ts checks the bundle). fromArray stands in for from() on an array
// (from brings every scheduler) and must behave as it does.
import * as rxjsIndex from 'rxjs';
import { describe, expect, it } from 'vitest';
import * as reactive from '../../src/reactive/rxjs.js';

describe('the rxjs values of src/reactive/rxjs.ts', () => {
  it('are the nine the pipeline uses, and fromArray', () => {
    expect(Object.keys(reactive).sort()).toEqual(['EMPTY', 'Observable', 'Subject', 'catchError', 'connectable', 'defer', 'fromArray', 'mergeAll', 'takeUntil', 'tap']);
  });

  it.each([[[]], [[1]], [[1, 2, 3]], [['a', undefined, 'c']]])('fromArray(%j) emits what from() does', async (values: unknown[]) => {
    const seen = async (o: rxjsIndex.Observable<unknown>): Promise<unknown[]> => rxjsIndex.firstValueFrom(o.pipe(rxjsIndex.toArray()));
    expect(await seen(reactive.fromArray(values))).toEqual(await seen(rxjsIndex.from(values)));
    expect(await seen(reactive.fromArray(values))).toEqual(values);
  });

  it('fromArray stops emitting once its subscriber is closed, as from() does', () => {
    const seen: number[] = [];
    reactive.fromArray([1, 2, 3, 4]).pipe(rxjsIndex.take(2)).subscribe((v) => seen.push(v));
    expect(seen).toEqual([1, 2]);
  });

  it('fromArray then mergeAll(1) is concat: one after another, each subscribed when the one before completes', () => {
    const log: string[] = [];
    const input = (name: string) => reactive.defer(() => {
      log.push(`open ${name}`);
      return rxjsIndex.of(`${name}1`, `${name}2`);
    });
    reactive.fromArray([input('a'), input('b')]).pipe(reactive.mergeAll(1)).subscribe((v) => log.push(v));
    expect(log).toEqual(['open a', 'a1', 'a2', 'open b', 'b1', 'b2']);
  });
});
