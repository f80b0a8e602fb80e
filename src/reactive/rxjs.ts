// The rxjs values the pipeline uses, in one place. The built CLI bundles them from rxjs's ES2015 build, tree-shaken
// (scripts/bundle-cli.mjs): ~34 KB in the bundle's own chunk, ~2 ms to load, where requiring them from rxjs's
// CommonJS modules one by one (40 modules) took ~17 ms of every start and its index (223 modules) ~45 ms. Run
// unbundled (tests, tsc's output), `rxjs` is its CommonJS index, as any import of it. Source files import rxjs
// values from here only (eslint), so no two copies of rxjs meet in one program; types may come from `rxjs`.
// `merge` and `concat` are not among them: they turn their arguments into an Observable with `from`, which
// brings every scheduler; the pipeline flattens an Observable of Observables (fromArray) with mergeAll instead,
// which is what they do.
import { Observable } from 'rxjs';

export { EMPTY, Observable, Subject, catchError, connectable, defer, mergeAll, takeUntil, tap } from 'rxjs';

/** rxjs's `from(values)` for an array (no scheduler): each value in order, then complete, on subscription. */
export function fromArray<T>(values: readonly T[]): Observable<T> {
  return new Observable<T>((subscriber) => {
    for (let i = 0; i < values.length && !subscriber.closed; i++) subscriber.next(values[i] as T);
    subscriber.complete();
  });
}
