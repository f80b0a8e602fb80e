// A flat-map for synchronous one-to-many stages: calls `project` once per value and pushes each result,
// with no inner Observable per value (mergeMap would build one even for the empty array most lines give).
import type { OperatorFunction } from 'rxjs';
import { Observable } from '../reactive/rxjs.js';

/**
 * Emits every element of `project(value)`, in order. If `project` throws, the value is skipped and
 * `onFailure` told (hot path: one strange value must not end the stream).
 */
export function emitEach<T, R>(
  project: (value: T) => readonly R[],
  onFailure: (value: T, err: unknown) => void = () => undefined,
): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) =>
      source.subscribe({
        next(value) {
          let results: readonly R[];
          try {
            results = project(value);
          } catch (err) {
            onFailure(value, err);
            return;
          }
          for (let i = 0; i < results.length; i++) subscriber.next(results[i]);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      }),
    );
}
