// One telemetry model: sources and sinks report once, and the metrics and the status page both read it, so
// they agree by construction. Scrapes sync the counters from it without double counting.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Telemetry } from '../../src/pipeline/telemetry.js';
import { ExporterMetrics } from '../../src/sinks/metrics/exporter-metrics.js';
import { renderExposition } from '../../src/sinks/metrics/render-exposition.js';
import { StatusRecorder } from '../../src/status/status-recorder.js';
import { parseExposition, select } from '../sinks/metrics/parse-exposition.js';

describe('Telemetry shared by the metrics and the status page', () => {
  it('is reported to once and read by both, and scraping twice counts nothing twice', async () => {
    let t = 1_000;
    const telemetry = new Telemetry({ sources: ['device'], now: () => t });
    const registry = new Registry();
    new ExporterMetrics(registry, { sources: ['device'], processMetrics: false, telemetry });
    const recorder = new StatusRecorder({ sources: ['device'], samples: false, now: () => t, telemetry });
    telemetry.linesRead('device', 10, 1_000);
    t = 2_000;
    telemetry.linesRead('device', 5, 500);
    telemetry.linesDropped('device', 'malformed', 2);
    telemetry.rotation('device', 'rename');
    telemetry.filesWatched('device', 3);
    telemetry.bytesBehind('device', -5);
    telemetry.checkpointWritten(false);
    telemetry.sinkAdded('oncall');
    telemetry.eventsSent('oncall', 4);
    telemetry.eventsDropped('oncall', 'queue_full', 1);

    const first = parseExposition(await renderExposition(registry));
    const second = parseExposition(await renderExposition(registry));
    expect(second).toEqual(first);
    const value = (name: string, labels: Record<string, string>): number | undefined => select(second, name, labels)[0]?.value;
    expect([
      value('errcode_lines_read_total', { source: 'device' }),
      value('errcode_bytes_read_total', { source: 'device' }),
      value('errcode_lines_dropped_total', { source: 'device', reason: 'malformed' }),
      value('errcode_rotations_total', { source: 'device', kind: 'rename' }),
      value('errcode_files_watched', { source: 'device' }),
      value('errcode_behind_bytes', { source: 'device' }),
      value('errcode_checkpoint_writes_total', { result: 'failure' }),
      value('errcode_sink_events_sent_total', { sink: 'oncall' }),
      value('errcode_sink_events_dropped_total', { sink: 'oncall', reason: 'queue_full' }),
    ]).toEqual([15, 1_500, 2, 1, 3, 0, 1, 4, 1]);
    expect(recorder.activity.get('device')).toEqual({
      linesRead: 15, bytesRead: 1_500, lastReadAt: 2_000, filesOpen: 3, rotations: 1,
      dropped: { truncated: 0, invalid_utf8: 0, read_error: 0, malformed: 2 },
    });
    expect(recorder.checkpointState()).toEqual({ lastAt: 2_000, lastOk: false, failures: 1 });

    telemetry.linesRead('device', 1, 10);
    const third = parseExposition(await renderExposition(registry));
    expect(select(third, 'errcode_lines_read_total', { source: 'device' })[0]?.value).toBe(16);
  });
});
