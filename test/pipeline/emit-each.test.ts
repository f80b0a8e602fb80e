import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { emitEach } from '../../src/pipeline/emit-each.js';

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('emitEach', () => {
  it('emits every result of every value, in order, in the same frame, and completes with the source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c----|', { a: 'x', b: '', c: 'yz' });
      // 'yz' gives two values in frame 4; a group '(yz)' spans four frames of the diagram.
      expectObservable(source.pipe(emitEach((s: string) => [...s]))).toBe('x---(yz)-|');
    });
  });

  it('passes the source error through after what came before it', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a---#', { a: 2 }, new Error('read failed'));
      expectObservable(source.pipe(emitEach((n: number) => [n, n * 10]))).toBe('(ab)#', { a: 2, b: 20 }, new Error('read failed'));
    });
  });

  it('skips a value whose projection throws, reports it, and keeps going', () => {
    const failed: number[] = [];
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c|', { a: 1, b: 2, c: 3 });
      const project = (n: number): number[] => {
        if (n === 2) throw new Error('bug');
        return [n];
      };
      expectObservable(source.pipe(emitEach(project, (n) => failed.push(n)))).toBe('a---c|', { a: 1, c: 3 });
    });
    expect(failed).toEqual([2]);
  });

  it('unsubscribes from the source when the consumer unsubscribes', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c-d|', { a: 1, b: 2, c: 3, d: 4 });
      expectObservable(source.pipe(emitEach((n: number) => [n])), '^--!').toBe('a-b', { a: 1, b: 2 });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });
});
