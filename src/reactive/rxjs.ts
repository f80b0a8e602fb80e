// The rxjs values the pipeline uses, each required from its own module. Node resolves `rxjs` to the CommonJS
// index, which loads every operator and scheduler (223 modules, ~45 ms of a scan's start-up); these eleven
// need 55. They are required, not imported: an ESM import of a CommonJS module pays for a second resolution
// and a parse for its exports, ~1 ms each here (~14 ms in all, measured). The paths are rxjs 7's
// `./internal/*` export, the very modules the index re-exports: test/load/rxjs-modules.test.ts proves each
// value is the index's. Source files import rxjs values from here only (eslint); types come from `rxjs`.
// `merge` and `concat` are not among them: they turn their arguments into an Observable with `from`, which
// loads every scheduler (15 more modules, ~4 ms); the pipeline flattens an Observable of Observables (fromArray)
// with mergeAll instead, which is what they do.
import { createRequire } from 'node:module';
import type * as rx from 'rxjs';

const require = createRequire(import.meta.url);
const load = <K extends keyof typeof rx>(module: string, name: K): (typeof rx)[K] => (require(`rxjs/internal/${module}`) as Pick<typeof rx, K>)[name];

export const Observable = load('Observable', 'Observable');
export type Observable<T> = rx.Observable<T>;
export const Subject = load('Subject', 'Subject');
export type Subject<T> = rx.Subject<T>;
export const connectable = load('observable/connectable', 'connectable');
export const defer = load('observable/defer', 'defer');
export const EMPTY = load('observable/empty', 'EMPTY');
export const catchError = load('operators/catchError', 'catchError');
export const mergeAll = load('operators/mergeAll', 'mergeAll');
export const takeUntil = load('operators/takeUntil', 'takeUntil');
export const tap = load('operators/tap', 'tap');

/** rxjs's `from(values)` for an array (no scheduler): each value in order, then complete, on subscription. */
export function fromArray<T>(values: readonly T[]): rx.Observable<T> {
  return new Observable<T>((subscriber) => {
    for (let i = 0; i < values.length && !subscriber.closed; i++) subscriber.next(values[i] as T);
    subscriber.complete();
  });
}
