// Regression: two cardinality caps (50 in the pipeline's UnknownCodes, 100 in ExporterMetrics) meant the
// pipeline always folded first, so errcode_events_folded_total never moved, and errcode_unknown_codes
// counted `other` as one more unknown code. Now every event counted under `other` is counted as folded,
// wherever it was folded, and `other` is never an unknown code.
import { Registry } from 'prom-client';
import { from, lastValueFrom, tap } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { toCodeEvents } from '../../src/pipeline/code-event-pipeline.js';
import { ExporterMetrics } from '../../src/sinks/metrics/exporter-metrics.js';
import { renderExposition } from '../../src/sinks/metrics/render-exposition.js';
import { UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import type { LogLine } from '../../src/types.js';
import { parseExposition, select } from '../sinks/metrics/parse-exposition.js';

const knowledge = loadKnowledge({ catalogDir: 'catalogs', rulesDir: 'rules' });

describe('the pipeline cap folds, and the metrics count it', () => {
  it('counts 3 folded events for 5 unknown codes over a cap of 2, and 2 unknown codes', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { sources: ['device'], processMetrics: false });
    metrics.setCatalog(knowledge.catalog);
    const cap = new UnknownCodes(2);
    const lines: LogLine[] = ['161991', '161992', '161993', '161994', '161991', '161995'].map((code, i) => ({
      source: 'device', path: 'a.log', lineNo: i + 1, text: `call aclnnAdd failed, error code is ${code}`, truncated: false,
    }));
    await lastValueFrom(from(lines).pipe(toCodeEvents(() => knowledge, cap), tap((e) => metrics.recordEvent(e))));
    const samples = parseExposition(await renderExposition(registry));
    const unknown = select(samples, 'errcode_events_total', { family: 'aclnn', class: 'unknown' });
    expect(unknown.map((s) => `${s.labels.code}=${s.value}`).sort()).toEqual(['161991=2', '161992=1', 'other=3']);
    expect(cap.folded('aclnn')).toBe(3);
    expect(select(samples, 'errcode_events_folded_total', { family: 'aclnn' }).map((s) => s.value)).toEqual([cap.folded('aclnn')]);
    expect(select(samples, 'errcode_unknown_codes', { family: 'aclnn' }).map((s) => s.value)).toEqual([2]);
  });
});
