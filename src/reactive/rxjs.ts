// The rxjs values the pipeline uses, each from its own module. Node resolves `rxjs` to the CommonJS index,
// which loads every operator and scheduler (223 modules): ~45 ms and ~5 MiB of a scan's start-up for the
// eleven used here. The deep paths are rxjs 7's `./internal/*` export, the very modules the index re-exports
// (test/load/rxjs-modules.test.ts proves each is identical); source files import rxjs values from here only
// (eslint), types may come from `rxjs`.
export { Observable } from 'rxjs/internal/Observable';
export { Subject } from 'rxjs/internal/Subject';
export { concat } from 'rxjs/internal/observable/concat';
export { connectable } from 'rxjs/internal/observable/connectable';
export { defer } from 'rxjs/internal/observable/defer';
export { EMPTY } from 'rxjs/internal/observable/empty';
export { merge } from 'rxjs/internal/observable/merge';
export { catchError } from 'rxjs/internal/operators/catchError';
export { mergeAll } from 'rxjs/internal/operators/mergeAll';
export { takeUntil } from 'rxjs/internal/operators/takeUntil';
export { tap } from 'rxjs/internal/operators/tap';
