// Shared by the source tests: a SourceStats that records what it is told, polling with a deadline
// (never sleep-and-hope), temp directories, and counting this process's open descriptors.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DropReason, RotationKind, SourceStats } from '../../src/sources/source-stats.js';

export class RecordingStats implements SourceStats {
  readonly lines = new Map<string, number>();
  readonly bytes = new Map<string, number>();
  readonly dropped = new Map<string, number>();
  readonly rotations = new Map<string, number>();
  readonly watched = new Map<string, number>();
  readonly behind = new Map<string, number>();
  checkpoints = { ok: 0, failed: 0 };

  linesRead(source: string, lines: number, bytes: number): void {
    add(this.lines, source, lines);
    add(this.bytes, source, bytes);
  }
  linesDropped(source: string, reason: DropReason, count: number): void {
    add(this.dropped, `${source}/${reason}`, count);
  }
  rotation(source: string, kind: RotationKind): void {
    add(this.rotations, `${source}/${kind}`, 1);
  }
  filesWatched(source: string, count: number): void {
    this.watched.set(source, count);
  }
  bytesBehind(source: string, bytes: number): void {
    this.behind.set(source, bytes);
  }
  checkpointWritten(ok: boolean): void {
    if (ok) this.checkpoints.ok++;
    else this.checkpoints.failed++;
  }
}

function add(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** Polls `check` until it returns true; fails with `what` and the last observed state after the deadline. */
export async function waitFor(what: string, check: () => boolean, opts: { timeoutMs?: number; state?: () => unknown } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; state: ${JSON.stringify(opts.state?.() ?? null)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `errcode-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Open file descriptors of this process. */
export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}
