// The status page as `run` attaches it through the exporter extension: fed by the same hooks as the metrics,
// with sample lines off when the run config says `web.status_samples: false` (or the flag does).
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/config/load-run-config.js';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import { LoadErrors } from '../../src/load/load-error.js';
import type { RunContext } from '../../src/run/run-context.js';
import { exporterExtension } from '../../src/server/exporter-extension.js';
import type { StatusSnapshot } from '../../src/status/status-types.js';
import { httpGet } from '../server/http-get.js';
import { bundledKnowledge, codeEvent } from './status-fixtures.js';

function context(web: RunConfig['web'], logs: string[]): RunContext {
  const config: RunConfig = {
    inputs: [], stdin: true, positionsFile: undefined, checkpointIntervalMs: 5000, rescanIntervalMs: 10000, rotateWaitMs: 5000,
    rulesDir: DEFAULT_RULES_DIR, catalogDir: DEFAULT_CATALOG_DIR, web: { listen_address: '127.0.0.1:0', ...web }, metrics: {},
  };
  return { config, sources: ['stdin'], version: '7.7.7', knowledge: bundledKnowledge, positions: () => [], log: (s) => logs.push(s), inputsReady: Promise.resolve() };
}

async function snapshotAfterEvents(web: RunConfig['web'], opts: { statusSamples?: boolean } = {}): Promise<{ snapshot: StatusSnapshot; text: string }> {
  const logs: string[] = [];
  const attachment = await exporterExtension(opts)(context(web, logs));
  try {
    const url = /Serving metrics on (\S+)\/metrics\./.exec(logs.join('\n'))?.[1] ?? '';
    attachment.stats?.linesRead('stdin', 2, 120);
    attachment.onEvent?.(codeEvent({ source: 'stdin', path: '-', line: 'user=alice pass=hunter2 error code is 161002' }));
    attachment.onKnowledgeFailed?.(new LoadErrors([{ file: `${DEFAULT_RULES_DIR}/aclnn.yaml`, line: 3, col: 5, message: 'bad pattern' }]));
    const res = await httpGet(`${url}/api/status`);
    return { snapshot: JSON.parse(res.text) as StatusSnapshot, text: res.text };
  } finally {
    await attachment.close?.();
  }
}

describe('status page attached to run', () => {
  it('shows the events, reads and reload failures run reports, with sample lines by default', async () => {
    const { snapshot } = await snapshotAfterEvents({});
    expect(snapshot.inputs.map((i) => [i.name, i.kind, i.linesRead, i.bytesRead])).toEqual([['stdin', 'stdin', 2, 120]]);
    expect(snapshot.codes.map((c) => [c.family, c.code, c.class, c.count])).toEqual([['aclnn', '161002', 'fatal', 1]]);
    expect(snapshot.fatalEvents.map((e) => e.line)).toEqual(['user=alice pass=hunter2 error code is 161002']);
    expect([snapshot.knowledge.lastLoad.ok, snapshot.knowledge.lastLoad.problems, snapshot.knowledge.version])
      .toEqual([false, [`${DEFAULT_RULES_DIR}/aclnn.yaml:3:5 bad pattern`], bundledKnowledge().version]);
  });

  it.each([
    ['the config key web.status_samples: false', { status_samples: false }, {}],
    ['the flag --no-status-samples', {}, { statusSamples: false }],
    ['the flag even when the config allows samples', { status_samples: true }, { statusSamples: false }],
  ])('keeps line text out with %s', async (_why, web, opts) => {
    const { snapshot, text } = await snapshotAfterEvents(web, opts);
    expect([snapshot.samples, snapshot.fatalEvents.length, 'line' in snapshot.fatalEvents[0], text.includes('hunter2')]).toEqual([false, 1, false, false]);
  });
});
