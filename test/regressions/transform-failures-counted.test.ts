// Regression: lineToEvents used to catch every exception and return no events, so the `malformed` drop
// counter and onLineFailed could never move and a broken stage looked like a quiet log. Now the pipeline
// operator counts each failed line for its source, logs each distinct error once, and goes on.
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { CatalogIndex } from '../../src/catalog/catalog-types.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { toCodeEvents } from '../../src/pipeline/code-event-pipeline.js';
import { ScanStats } from '../../src/sinks/report/scan-stats.js';
import { UnknownCodes } from '../../src/transforms/enrich/unknown-codes.js';
import type { LogLine } from '../../src/types.js';

const knowledge = loadKnowledge({ catalogDir: 'catalogs', rulesDir: 'rules' });
const line = (lineNo: number, text: string): LogLine => ({ source: 'device', path: 'a.log', lineNo, text, truncated: false });

describe('a transform that throws', () => {
  it('is counted as malformed per line, logged once per distinct error, and the lines after it still count', async () => {
    let lookups = 0;
    const broken: CatalogIndex = {
      ...knowledge.catalog,
      lookup: (family, spelling) => {
        lookups++;
        if (spelling === '161002') throw new TypeError('catalog index broke');
        return knowledge.catalog.lookup(family, spelling);
      },
    };
    const k = { ...knowledge, catalog: broken };
    const stats = new ScanStats();
    const logs: string[] = [];
    const failedLines: number[] = [];
    const lines = [
      line(1, 'call aclnnAdd failed, error code is 161002'),
      line(2, 'call aclnnAdd failed, error code is 161001'),
      line(3, 'call aclnnMul failed, error code is 161002'),
      line(4, 'nothing here'),
    ];
    const events = await lastValueFrom(
      from(lines).pipe(toCodeEvents(() => k, new UnknownCodes(), { stats, log: (s) => logs.push(s), onLineFailed: (l) => failedLines.push(l.lineNo) }), toArray()),
    );
    expect(events.map((e) => `${e.lineNo}:${e.code}`)).toEqual(['2:161001']);
    expect(failedLines).toEqual([1, 3]);
    expect(stats.dropped.malformed).toBe(2);
    expect(logs).toEqual([
      'Line 1 of a.log (input device) could not be processed (TypeError: catalog index broke); it was skipped and counted as malformed. This is a bug: please report it.',
    ]);
    // Until this fix the note read "2 lines were could not be processed": it had never been printed.
    expect(stats.notes(65536)).toEqual(['2 lines could not be processed and were skipped (a bug: please report it).']);
    expect(lookups).toBe(3);
  });
});
