import { spawnSync } from 'node:child_process';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ExporterMetrics } from '../../../src/sinks/metrics/exporter-metrics.js';
import { formatValue, renderExposition } from '../../../src/sinks/metrics/render-exposition.js';
import { describeWithTools } from '../../deploy/describe-with-tools.js';
import { fakeCatalog } from './fake-catalog.js';

function smallRegistry(): Registry {
  const registry = new Registry();
  const c = new Counter({ name: 'demo_things_total', help: 'Things with a \\ backslash\nand a "quote".', labelNames: ['k'], registers: [registry] });
  c.inc({ k: 'a "quoted"\nvalue \\ here' }, 2);
  const g = new Gauge({ name: 'demo_build_info', help: 'Build.', labelNames: ['version'], registers: [registry] });
  g.set({ version: '1.0' }, 1);
  const h = new Histogram({ name: 'demo_seconds', help: 'Durations.', buckets: [0.5, 1], registers: [registry] });
  h.observe(0.7);
  return registry;
}

describe('renderExposition', () => {
  it('renders Prometheus text 0.0.4 with escaped help and label values', async () => {
    expect(await renderExposition(smallRegistry(), 'prometheus')).toBe(
      [
        '# HELP demo_things_total Things with a \\\\ backslash\\nand a "quote".',
        '# TYPE demo_things_total counter',
        'demo_things_total{k="a \\"quoted\\"\\nvalue \\\\ here"} 2',
        '# HELP demo_build_info Build.',
        '# TYPE demo_build_info gauge',
        'demo_build_info{version="1.0"} 1',
        '# HELP demo_seconds Durations.',
        '# TYPE demo_seconds histogram',
        'demo_seconds_bucket{le="0.5"} 0',
        'demo_seconds_bucket{le="1"} 1',
        'demo_seconds_bucket{le="+Inf"} 1',
        'demo_seconds_sum 0.7',
        'demo_seconds_count 1',
        '',
      ].join('\n'),
    );
  });

  it('renders OpenMetrics 1.0.0: counter families without _total, info type, # EOF', async () => {
    expect(await renderExposition(smallRegistry(), 'openmetrics')).toBe(
      [
        '# TYPE demo_things counter',
        '# HELP demo_things Things with a \\\\ backslash\\nand a \\"quote\\".',
        'demo_things_total{k="a \\"quoted\\"\\nvalue \\\\ here"} 2',
        '# TYPE demo_build info',
        '# HELP demo_build Build.',
        'demo_build_info{version="1.0"} 1',
        '# TYPE demo_seconds histogram',
        '# HELP demo_seconds Durations.',
        'demo_seconds_bucket{le="0.5"} 0',
        'demo_seconds_bucket{le="1"} 1',
        'demo_seconds_bucket{le="+Inf"} 1',
        'demo_seconds_sum 0.7',
        'demo_seconds_count 1',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('keeps counter names intact across alternating formats (prom-client mutates them in place)', async () => {
    const registry = smallRegistry();
    await renderExposition(registry, 'openmetrics');
    const text = await renderExposition(registry, 'prometheus');
    expect(text).toContain('demo_things_total{k=');
    expect(text).toContain('# TYPE demo_things_total counter');
  });

  it.each([
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [0.25, '0.25'],
    [12, '12'],
  ])('formats %s as %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});

describeWithTools(['promtool'], 'promtool check metrics on the exporter exposition', () => {
  it('finds no problems in the full exposition (catalog, events, self-monitoring, process metrics)', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { sources: ['device', 'stdin'], version: '0.1.0' });
    metrics.setCatalog(
      fakeCatalog([
        { family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', class: 'fatal', message: 'Parameter "x" invalid.\nCheck it.' },
        { family: 'huawei-cloud', code: 'AIS.0014', class: 'retryable', httpStatus: 429 },
      ]),
    );
    const text = await renderExposition(registry, 'prometheus');
    const res = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ status: res.status, output: `${res.stdout}${res.stderr}` }).toEqual({ status: 0, output: '' });
  });
});
