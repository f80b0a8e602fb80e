import { describe, expect, it } from 'vitest';
import type { CatalogEntry, CatalogIndex } from '../../src/catalog/catalog-types.js';
import { CodeReport } from '../../src/sinks/report/code-report.js';
import { EventLineWriter } from '../../src/sinks/report/format-events.js';
import { formatJsonReport } from '../../src/sinks/report/format-json.js';
import { formatTableReport } from '../../src/sinks/report/format-table.js';
import { displayWidth, truncateToWidth } from '../../src/sinks/report/display-width.js';
import type { CodeEvent, EventClass } from '../../src/types.js';

function event(family: string, code: string, cls: EventClass, timestamp?: number, name = ''): CodeEvent {
  return { family, code, name, class: cls, classBasis: 'policy', rule: 'r', raw: code, labels: {}, source: 'scan', path: 'a.log', lineNo: 1, timestamp, line: '' };
}

const T1 = Date.UTC(2025, 2, 14, 9, 21, 7, 123);
const T2 = Date.UTC(2025, 2, 14, 10, 0, 0, 0);

function sampleReport(): CodeReport {
  const r = new CodeReport();
  r.lines = 100;
  r.add(event('aclnn', '161002', 'fatal', T2, 'ACLNN_ERR_PARAM_INVALID'));
  r.add(event('aclnn', '161002', 'fatal', T1, 'ACLNN_ERR_PARAM_INVALID'));
  r.add(event('llm-datadist', '0x5010B001', 'retryable', undefined, 'LLM_WAIT_PROC_TIMEOUT'));
  r.add(event('llm-datadist', '0x5010B001', 'fatal', T1, 'LLM_WAIT_PROC_TIMEOUT'));
  r.add(event('aclnn', '561999', 'unknown'));
  return r;
}

const entry = (family: string, code: string, remedy: { en: string; zh: string }): CatalogEntry => ({
  family, code, name: '', aliases: [], message: { en: '', zh: '' }, remedy, class: 'fatal', classBasis: 'policy', classReason: '', contexts: [], source: 'seed:x',
});
const catalog: CatalogIndex = {
  families: [],
  entries: () => [],
  find: () => [],
  lookup: (family, code) =>
    family === 'aclnn' && code === '161002'
      ? entry('aclnn', '161002', { en: 'Check the input\n dtypes.', zh: '检查输入的数据类型。' })
      : family === 'llm-datadist' && code === '0x5010B001'
        ? entry('llm-datadist', '0x5010B001', { en: 'Retry later.', zh: '稍后重试。' })
        : undefined,
};

describe('CodeReport and the JSON report', () => {
  it('gives one row per (family, code, class), by count then family then code, with ISO first/last seen or null', () => {
    expect(JSON.parse(formatJsonReport(sampleReport()))).toEqual({
      lines: 100,
      events: 5,
      codes: [
        { family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', class: 'fatal', count: 2, firstSeen: '2025-03-14T09:21:07.123Z', lastSeen: '2025-03-14T10:00:00.000Z' },
        { family: 'aclnn', code: '561999', name: '', class: 'unknown', count: 1, firstSeen: null, lastSeen: null },
        { family: 'llm-datadist', code: '0x5010B001', name: 'LLM_WAIT_PROC_TIMEOUT', class: 'fatal', count: 1, firstSeen: '2025-03-14T09:21:07.123Z', lastSeen: '2025-03-14T09:21:07.123Z' },
        { family: 'llm-datadist', code: '0x5010B001', name: 'LLM_WAIT_PROC_TIMEOUT', class: 'retryable', count: 1, firstSeen: null, lastSeen: null },
      ],
    });
  });

  it('has exactly the keys of the contract, in order', () => {
    const json = JSON.parse(formatJsonReport(sampleReport())) as { codes: object[] };
    expect(Object.keys(json)).toEqual(['lines', 'events', 'codes']);
    expect(Object.keys(json.codes[0])).toEqual(['family', 'code', 'name', 'class', 'count', 'firstSeen', 'lastSeen']);
  });

  it('counts events per class', () => {
    const r = sampleReport();
    expect([r.count('fatal'), r.count('retryable'), r.count('unknown'), r.count('success')]).toEqual([3, 1, 1, 0]);
  });

  it('reports an empty scan as no codes', () => {
    expect(formatJsonReport(new CodeReport())).toBe('{"lines":0,"events":0,"codes":[]}\n');
  });
});

describe('the table report', () => {
  it('prints a summary, aligned columns and the remedy in the chosen language', () => {
    const text = formatTableReport(sampleReport(), { catalog, lang: 'en', inputs: 2 });
    expect(text).toBe(
      [
        'Read 100 lines from 2 inputs: 5 code events (3 fatal, 1 retryable, 1 unknown).',
        '',
        'FAMILY        CODE        NAME                     CLASS      COUNT  FIRST SEEN            LAST SEEN             REMEDY',
        'aclnn         161002      ACLNN_ERR_PARAM_INVALID  fatal          2  2025-03-14 09:21:07Z  2025-03-14 10:00:00Z  Check the input dtypes.',
        'aclnn         561999                               unknown        1  -                     -                     Not in the catalog: look it up in the vendor documentation.',
        'llm-datadist  0x5010B001  LLM_WAIT_PROC_TIMEOUT    fatal          1  2025-03-14 09:21:07Z  2025-03-14 09:21:07Z  Retry later.',
        'llm-datadist  0x5010B001  LLM_WAIT_PROC_TIMEOUT    retryable      1  -                     -                     Retry later.',
        '',
      ].join('\n'),
    );
  });

  it('cuts remedies to the terminal width, counting Chinese characters as two columns', () => {
    const text = formatTableReport(sampleReport(), { catalog, lang: 'zh', inputs: 1, columns: 140 });
    const rows = text.split('\n').filter((l) => l.startsWith('aclnn'));
    expect(rows[0].endsWith('检查输入的数据类型。')).toBe(true);
    for (const row of text.split('\n')) expect(displayWidth(row)).toBeLessThanOrEqual(140);
  });

  it('says so when nothing was found, and prints notes about unclean lines', () => {
    const r = new CodeReport();
    r.lines = 1;
    expect(formatTableReport(r, { catalog, lang: 'en', inputs: 1, notes: ['1 line was invalid UTF-8.'] })).toBe(
      'Read 1 line from 1 input: no vendor error codes found.\n1 line was invalid UTF-8.\n',
    );
  });

  it.each([
    ['abc', 5, 'abc'],
    ['abcdef', 4, 'abc…'],
    ['错误码说明', 5, '错误…'],
  ])('truncateToWidth(%j, %d) is %j', (text, max, expected) => {
    expect(truncateToWidth(text, max)).toBe(expected);
  });
});

describe('EventLineWriter', () => {
  it('writes one JSON object per line and nothing more', () => {
    const out: string[] = [];
    const w = new EventLineWriter({ write: (t: string) => out.push(t) });
    w.write(event('aclnn', '161002', 'fatal'));
    w.write({ b: 2 });
    w.flush();
    w.flush();
    const lines = out.join('').split('\n');
    expect(lines.length).toBe(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0])).toEqual(event('aclnn', '161002', 'fatal'));
    expect(lines[1]).toBe('{"b":2}');
  });
});
