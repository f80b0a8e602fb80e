// One-shot scan: scan's inputs as the one source of the topology both commands build (build-topology.ts),
// the caller's sinks (report, prom, --events), done when every input was read. A scan therefore finds
// exactly what the exporter counts.
import type { Readable } from 'node:stream';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import type { ScanInput } from '../sources/read-files/expand-inputs.js';
import { scanSource } from '../sources/read-files/scan-source.js';
import type { SourceStats } from '../sources/source-stats.js';
import type { UnknownCodes } from '../transforms/enrich/unknown-codes.js';
import { buildTopology } from './build-topology.js';
import type { Sink } from './components.js';

export interface RunScanOptions {
  readonly inputs: readonly ScanInput[];
  readonly knowledge: Knowledge;
  readonly sinks: readonly Sink[];
  readonly stats: SourceStats;
  readonly log: (sentence: string) => void;
  readonly stdin?: Readable;
  readonly maxLineBytes?: number;
  readonly onBytes?: (bytes: number) => void;
  readonly onReadError?: (path: string, err: Error) => void;
  /** The unknown-code cap (default: a fresh one); a scan thread passes one that remembers what it capped. */
  readonly cap?: UnknownCodes;
}

/** Resolves when every input has been read to its end (or to its read error) and every sink flushed. */
export async function runScan(opts: RunScanOptions): Promise<void> {
  const topology = buildTopology({
    // Search the buffer: a line without any anchor's bytes can yield no event, so it is counted, never decoded.
    sources: [scanSource(opts.inputs, { ...opts, lineSearch: opts.knowledge.rules.bytePrefilter })],
    sinks: opts.sinks,
    knowledge: () => opts.knowledge,
    stats: opts.stats,
    log: opts.log,
    cap: opts.cap,
  });
  await topology.start();
  await topology.ended;
  await topology.flush();
}
