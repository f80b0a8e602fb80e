// The table report's counts print as toLocaleString('en-US') does, without ICU's number formats on the start-up path.
import { describe, expect, it } from 'vitest';
import { groupThousands } from '../../../src/sinks/report/format-table.js';

describe('groupThousands', () => {
  it.each([0, 1, 12, 999, 1000, 9999, 10_000, 123_456, 1_000_000, 2_016_574, 279_548, 1_234_567_890, Number.MAX_SAFE_INTEGER])('%d', (n) => {
    expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
  });
});
