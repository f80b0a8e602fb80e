import { describe, expect, it } from 'vitest';
import { ProgressBar, PROGRESS_MIN_BYTES, renderProgress, shouldShowProgress } from '../../src/cli/progress/progress-bar.js';

const MB = 1024 * 1024;

describe('progress bar', () => {
  it('renders bytes of total, percent and lines per second', () => {
    expect(renderProgress({ bytes: 50 * MB, totalBytes: 200 * MB, lines: 1_600_000, elapsedMs: 2000 }, 80)).toBe(
      '[##########..............................]   25%  50.0/200.0 MB  800k lines/s',
    );
  });

  it('fits narrow terminals', () => {
    expect(renderProgress({ bytes: MB, totalBytes: 2 * MB, lines: 10, elapsedMs: 1000 }, 30).length).toBeLessThanOrEqual(30);
  });

  it('draws at 80 columns when the terminal reports a width of 0 (as under script(1))', () => {
    const out: string[] = [];
    new ProgressBar({ write: (t: string) => out.push(t), columns: 0 }).draw({ bytes: 1, totalBytes: 2, lines: 1, elapsedMs: 1000 });
    expect(out).toEqual(['\r[####################....................]   50%  0.0/0.0 MB  1 lines/s\u001b[K']);
  });

  it('clears only what it drew', () => {
    const out: string[] = [];
    const bar = new ProgressBar({ write: (t: string) => out.push(t), columns: 80 });
    bar.clear();
    expect(out).toEqual([]);
    bar.draw({ bytes: 1, totalBytes: 2, lines: 1, elapsedMs: 1 });
    bar.clear();
    expect(out.length).toBe(2);
    expect(out[1]).toBe('\r\u001b[K');
  });

  it.each([
    [{ enabled: true, isTTY: true, totalBytes: PROGRESS_MIN_BYTES, hasStdin: false }, true],
    [{ enabled: true, isTTY: false, totalBytes: PROGRESS_MIN_BYTES, hasStdin: false }, false],
    [{ enabled: true, isTTY: true, totalBytes: PROGRESS_MIN_BYTES - 1, hasStdin: false }, false],
    [{ enabled: true, isTTY: true, totalBytes: PROGRESS_MIN_BYTES, hasStdin: true }, false],
    [{ enabled: false, isTTY: true, totalBytes: PROGRESS_MIN_BYTES, hasStdin: false }, false],
  ])('shouldShowProgress(%j) is %s', (opts, expected) => {
    expect(shouldShowProgress(opts)).toBe(expected);
  });
});
