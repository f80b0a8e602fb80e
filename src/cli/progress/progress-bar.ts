// A one-line progress bar for long scans on a terminal: bytes read of the total and lines per second.
// Rendering is a pure function; the bar only draws when asked, so the caller owns the timer.

export interface ProgressSnapshot {
  readonly bytes: number;
  readonly totalBytes: number;
  readonly lines: number;
  readonly elapsedMs: number;
}

export interface ProgressOutput {
  write(text: string): unknown;
  readonly columns?: number;
}

/** `[#########...........]  45%  120.3/268.0 MB  812k lines/s`, cut to `columns`. */
export function renderProgress(s: ProgressSnapshot, columns = 80): string {
  const fraction = s.totalBytes > 0 ? Math.min(s.bytes / s.totalBytes, 1) : 0;
  const rate = s.elapsedMs > 0 ? (s.lines * 1000) / s.elapsedMs : 0;
  const tail = `${String(Math.floor(fraction * 100)).padStart(3)}%  ${mb(s.bytes)}/${mb(s.totalBytes)} MB  ${compact(rate)} lines/s`;
  const barWidth = Math.max(Math.min(columns - tail.length - 4, 40), 0);
  if (barWidth < 5) return tail.slice(0, Math.max(columns - 1, 0));
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]  ${tail}`;
}

export class ProgressBar {
  private readonly out: ProgressOutput;
  private drawn = false;

  constructor(out: ProgressOutput) {
    this.out = out;
  }

  draw(s: ProgressSnapshot): void {
    this.out.write(`\r${renderProgress(s, this.out.columns || 80)}\u001b[K`);
    this.drawn = true;
  }

  /** Removes the bar so the report starts on a clean line. */
  clear(): void {
    if (this.drawn) this.out.write('\r\u001b[K');
    this.drawn = false;
  }
}

/** Only worth showing on a terminal, for inputs that take more than a moment. */
export const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;

export function shouldShowProgress(opts: { enabled: boolean; isTTY: boolean; totalBytes: number; hasStdin: boolean }): boolean {
  return opts.enabled && opts.isTTY && !opts.hasStdin && opts.totalBytes >= PROGRESS_MIN_BYTES;
}

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n));
}
