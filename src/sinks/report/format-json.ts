// The machine-readable scan report; its shape is a public contract: exactly lines, events and codes. A code's
// `level` (npu-fault: MindCluster's handling level) is present only when its catalog entry has one.
import type { CodeReport } from './code-report.js';

export interface JsonReport {
  readonly lines: number;
  readonly events: number;
  readonly codes: readonly {
    readonly family: string;
    readonly code: string;
    readonly name: string;
    readonly class: string;
    readonly level?: string;
    readonly count: number;
    readonly firstSeen: string | null;
    readonly lastSeen: string | null;
  }[];
}

export function toJsonReport(report: CodeReport): JsonReport {
  return {
    lines: report.lines,
    events: report.events,
    codes: report.rows().map((r) => ({
      family: r.family,
      code: r.code,
      name: r.name,
      class: r.class,
      ...(r.level !== undefined && { level: r.level }),
      count: r.count,
      firstSeen: isoOrNull(r.firstSeen),
      lastSeen: isoOrNull(r.lastSeen),
    })),
  };
}

/** One JSON document followed by a newline. */
export function formatJsonReport(report: CodeReport): string {
  return `${JSON.stringify(toJsonReport(report))}\n`;
}

function isoOrNull(ms: number | undefined): string | null {
  if (ms === undefined) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
