// The positions file: where reading of each file stopped, keyed by fingerprint. Written atomically (temp
// file in the same directory, fsync, rename, fsync of the directory), so a crash leaves the old or the new
// file, never a torn one. A file that cannot be understood is moved aside and reading starts afresh.
import { readFileSync, renameSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { FileFingerprint } from './file-fingerprint.js';
import { fingerprintKey, identityKey } from './file-fingerprint.js';

/** Where one file's delivered lines end. */
export interface PositionRecord extends FileFingerprint {
  readonly source: string;
  readonly path: string;
  /** Byte offset just after the last delivered line (or inside an over-long line being skipped). */
  readonly offset: number;
  /** Number of the last delivered line. */
  readonly line: number;
  /** True when `offset` is inside an over-long line whose cut start was delivered: skip to its end. */
  readonly skipping: boolean;
}

export interface Positions {
  /** When the file was written, in milliseconds since the epoch (wall clock, comparable to file times). */
  readonly writtenAt: number;
  readonly records: readonly PositionRecord[];
}

const FORMAT_VERSION = 1;

const entrySchema = z.strictObject({
  source: z.string(),
  path: z.string(),
  offset: z.number().int().nonnegative(),
  line: z.number().int().nonnegative(),
  head_bytes: z.number().int().nonnegative(),
  skipping: z.boolean(),
});

const fileSchema = z.strictObject({
  version: z.literal(FORMAT_VERSION),
  written_at: z.iso.datetime(),
  files: z.record(z.string().regex(/^\d+:\d+:[0-9a-f]{64}$/), entrySchema),
});

/**
 * Reads the positions file. Missing: undefined (first run). Corrupt (bad JSON, wrong shape): the file is
 * renamed to `<file>.corrupt-<timestamp>`, `warn` is told why, and undefined is returned so the run goes on.
 */
export function loadPositions(file: string, warn: (sentence: string) => void, now: () => Date = () => new Date()): Positions | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    warn(`The positions file ${file} cannot be read (${(err as Error).message}); files without a position start as on a first run.`);
    return undefined;
  }
  const problem = parsePositions(text);
  if (typeof problem !== 'string') return problem;
  const aside = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
  try {
    renameSync(file, aside);
    warn(`The positions file ${file} is corrupt (${problem}); it was moved to ${aside} and files start as on a first run.`);
  } catch (err) {
    warn(`The positions file ${file} is corrupt (${problem}) and could not be moved aside (${(err as Error).message}); it will be overwritten.`);
  }
  return undefined;
}

/** Parses positions-file text; returns a description of the problem instead when it is not valid. */
export function parsePositions(text: string): Positions | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return `not JSON: ${(err as Error).message}`;
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${issue.message} at ${issue.path.map(String).join('.') || 'the top level'}`;
  }
  const records: PositionRecord[] = [];
  for (const [key, e] of Object.entries(parsed.data.files)) {
    const [dev, ino, headSha256] = key.split(':');
    records.push({ dev: Number(dev), ino: Number(ino), headSha256, headBytes: e.head_bytes, source: e.source, path: e.path, offset: e.offset, line: e.line, skipping: e.skipping });
  }
  return { writtenAt: Date.parse(parsed.data.written_at), records };
}

export function formatPositions(p: Positions): string {
  const files: Record<string, z.input<typeof entrySchema>> = {};
  for (const r of p.records) {
    files[fingerprintKey(r)] = { source: r.source, path: r.path, offset: r.offset, line: r.line, head_bytes: r.headBytes, skipping: r.skipping };
  }
  return `${JSON.stringify({ version: FORMAT_VERSION, written_at: new Date(p.writtenAt).toISOString(), files }, null, 2)}\n`;
}

/** Replaces the positions file atomically and durably. Rejects (leaving the old file intact) on any failure. */
export async function writePositions(file: string, p: Positions): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(formatPositions(p));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  // The rename is durable only once the directory entry is: fsync the directory too.
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Records grouped by device and inode (several can share one after inode reuse; the head decides). */
export function positionsByIdentity(records: readonly PositionRecord[]): Map<string, PositionRecord[]> {
  const map = new Map<string, PositionRecord[]>();
  for (const r of records) {
    const key = identityKey(r.dev, r.ino);
    map.set(key, [...(map.get(key) ?? []), r]);
  }
  return map;
}
