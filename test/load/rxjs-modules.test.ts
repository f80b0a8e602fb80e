// src/reactive/rxjs.ts imports each rxjs value from its own module instead of the index (which loads every
// operator at start-up). Each must be the very value the index exports, or Observables from both would not
// interoperate; an rxjs upgrade that moves a module fails here (and at build) instead of in production.
import * as rxjsIndex from 'rxjs';
import { describe, expect, it } from 'vitest';
import * as reactive from '../../src/reactive/rxjs.js';

describe('the rxjs values imported module by module', () => {
  it('are the eleven the pipeline uses', () => {
    expect(Object.keys(reactive).sort()).toEqual([
      'EMPTY',
      'Observable',
      'Subject',
      'catchError',
      'concat',
      'connectable',
      'defer',
      'merge',
      'mergeAll',
      'takeUntil',
      'tap',
    ]);
  });

  it.each(Object.entries(reactive))('%s is the value the rxjs index exports', (name, value) => {
    expect(value).toBe((rxjsIndex as Record<string, unknown>)[name]);
  });
});
