// Renders a prom-client Registry as Prometheus text 0.0.4 or OpenMetrics 1.0.0, from one snapshot.
// Our own renderer because prom-client's OpenMetrics mode renames counters in place (strips `_total`),
// which corrupts every later text-format scrape of the same registry; this one never mutates metrics.
import type { Registry } from 'prom-client';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

/** One sample as prom-client reports it; histograms and summaries name their sub-series. */
interface Sample {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number | undefined>>;
  readonly metricName?: string;
}

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly values: readonly Sample[];
}

/** Collects every metric once (running collect callbacks) and renders the snapshot. */
export async function renderExposition(registry: Registry, format: ExpositionFormat = 'prometheus'): Promise<string> {
  const families = (await registry.getMetricsAsJSON()) as unknown as Family[];
  return format === 'openmetrics' ? renderOpenMetrics(families) : renderPrometheusText(families);
}

function renderPrometheusText(families: readonly Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${escapeHelpText(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.values) out.push(sampleLine(s.metricName ?? f.name, s));
  }
  return out.join('\n') + '\n';
}

function renderOpenMetrics(families: readonly Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    let family = f.name;
    let type = f.type;
    let sampleName = (s: Sample): string => s.metricName ?? f.name;
    if (type === 'counter') {
      // OpenMetrics names the family without `_total` and every counter sample with it.
      family = f.name.replace(/_total$/, '');
      sampleName = () => `${family}_total`;
    } else if (type === 'gauge' && f.name.endsWith('_info') && f.values.every((s) => s.value === 1)) {
      // A `_info` gauge is an OpenMetrics info metric; declaring it so keeps strict parsers happy.
      family = f.name.slice(0, -'_info'.length);
      type = 'info';
    }
    out.push(`# TYPE ${family} ${type}`, `# HELP ${family} ${escapeOpenMetricsText(f.help)}`);
    for (const s of f.values) out.push(sampleLine(sampleName(s), s));
  }
  out.push('# EOF');
  return out.join('\n') + '\n';
}

function sampleLine(name: string, s: Sample): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(s.labels)) {
    if (v === undefined) continue;
    parts.push(`${k}="${escapeLabelValue(typeof v === 'number' ? formatValue(v) : v)}"`);
  }
  return `${name}${parts.length > 0 ? `{${parts.join(',')}}` : ''} ${formatValue(s.value)}`;
}

/** Go's strconv formatting for the special values, as both formats require. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelpText(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeOpenMetricsText(v: string): string {
  return escapeLabelValue(v);
}
