import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/status/ring-buffer.js';

describe('RingBuffer', () => {
  it.each([
    [3, [], []],
    [3, [1, 2], [1, 2]],
    [3, [1, 2, 3], [1, 2, 3]],
    [3, [1, 2, 3, 4, 5], [3, 4, 5]],
    [1, [1, 2, 3], [3]],
    [50, Array.from({ length: 120 }, (_, i) => i), Array.from({ length: 50 }, (_, i) => 70 + i)],
  ])('capacity %i after pushing %j keeps %j, oldest first', (capacity, pushes, expected) => {
    const ring = new RingBuffer<number>(capacity);
    for (const p of pushes) ring.push(p);
    expect(ring.toArray()).toEqual(expected);
    expect(ring.pushed).toBe(pushes.length);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses capacity %s', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow('capacity must be a positive integer');
  });
});
