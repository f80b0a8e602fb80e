// How many threads a scan uses. Apart from the thread machinery so that deciding costs a scan no imports.
import { availableParallelism } from 'node:os';
import type { ScanInput } from '../../sources/read-files/expand-inputs.js';

/** File inputs smaller than this are scanned by one thread by default: a worker's start-up (~60 ms, ~20 MiB) costs more. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
/** More threads than this gain little: the disk or page cache feeds them all, and each holds its own knowledge. */
const MAX_DEFAULT_THREADS = 4;

/**
 * `requested` (--workers) if given, else every core (at most 4) for file inputs of PARALLEL_MIN_BYTES or more,
 * else 1. Standard input is always read by one thread.
 */
export function scanThreads(inputs: readonly ScanInput[], requested: number | undefined, cores = availableParallelism()): number {
  if (inputs.some((i) => i.kind === 'stdin')) return 1;
  if (requested !== undefined) return requested;
  const bytes = inputs.reduce((sum, i) => sum + (i.kind === 'file' ? i.size : 0), 0);
  return bytes >= PARALLEL_MIN_BYTES ? Math.max(1, Math.min(cores, MAX_DEFAULT_THREADS)) : 1;
}
