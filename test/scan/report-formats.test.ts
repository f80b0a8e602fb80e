import { describe, expect, it } from 'vitest';
import type { CatalogEntry, CatalogIndex } from '../../src/catalog/catalog-types.js';
import { CodeReport, MAX_FILES_PER_ROW } from '../../src/sinks/report/code-report.js';
import { EventLineWriter } from '../../src/sinks/report/format-events.js';
import { formatJsonReport } from '../../src/sinks/report/format-json.js';
import { formatTableReport } from '../../src/sinks/report/format-table.js';
import { displayWidth, truncateToWidth } from '../../src/sinks/report/display-width.js';
import { wrapToWidth } from '../../src/sinks/report/wrap-to-width.js';
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
  r.add({ ...event('aclnn', '161002', 'fatal', T1, 'ACLNN_ERR_PARAM_INVALID'), path: '/logs/b.log' });
  r.add(event('llm-datadist', '0x5010B001', 'retryable', undefined, 'LLM_WAIT_PROC_TIMEOUT'));
  r.add(event('llm-datadist', '0x5010B001', 'fatal', T1, 'LLM_WAIT_PROC_TIMEOUT'));
  r.add(event('aclnn', '561999', 'unknown'));
  return r;
}

const entry = (family: string, code: string, remedy: { en: string; zh: string }, message = { en: '', zh: '' }): CatalogEntry => ({
  family, code, name: '', aliases: [], message, remedy, class: 'fatal', classBasis: 'policy', classReason: '', contexts: [], source: 'seed:x',
});
const catalog: CatalogIndex = {
  families: [],
  entries: () => [],
  find: () => [],
  lookup: (family, code) =>
    family === 'aclnn' && code === '161002'
      ? entry('aclnn', '161002', { en: 'Check the input\n dtypes.', zh: '检查输入的数据类型。' }, { en: 'A parameter check failed.', zh: '参数校验失败。' })
      : family === 'llm-datadist' && code === '0x5010B001'
        ? entry('llm-datadist', '0x5010B001', { en: 'Retry later.', zh: '稍后重试。' }, { en: 'Processing timed out.', zh: '处理超时。' })
        : undefined,
};

const LONG_EN = 'Parameter verification error, for example the data types of two inputs do not satisfy the type-inference rules; get the details with aclGetRecentErrMsg.';
const LONG_ZH = '参数校验错误，如输入的两个数据类型不满足输入类型推导关系。详细的错误消息，可通过aclGetRecentErrMsg接口获取。';
const longCatalog: CatalogIndex = { ...catalog, lookup: () => entry('aclnn', '161002', { en: 'Fix it.', zh: '修正。' }, { en: LONG_EN, zh: LONG_ZH }) };

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

  it('carries the handling level of npu-fault codes (and only theirs) in the JSON rows', () => {
    const r = new CodeReport();
    r.lines = 2;
    r.add({ ...event('npu-fault', '0x80E01801', 'fatal', T1), level: 'RestartBusiness' });
    r.add(event('aclnn', '161002', 'fatal', T1));
    expect((JSON.parse(formatJsonReport(r)) as { codes: object[] }).codes).toEqual([
      { family: 'aclnn', code: '161002', name: '', class: 'fatal', count: 1, firstSeen: '2025-03-14T09:21:07.123Z', lastSeen: '2025-03-14T09:21:07.123Z' },
      { family: 'npu-fault', code: '0x80E01801', name: '', class: 'fatal', level: 'RestartBusiness', count: 1, firstSeen: '2025-03-14T09:21:07.123Z', lastSeen: '2025-03-14T09:21:07.123Z' },
    ]);
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
  it('prints a summary and, with --wide or off a terminal, one line per code with meaning, remedy and files', () => {
    const text = formatTableReport(sampleReport(), { catalog, lang: 'en', inputs: 2, cwd: '/logs' });
    expect(text).toBe(
      [
        'Read 100 lines from 2 inputs: 5 code events (3 fatal, 1 retryable, 1 unknown).',
        '',
        'FAMILY        CODE        NAME                     CLASS      COUNT  FIRST SEEN            LAST SEEN             MEANING                    REMEDY                                   FILES',
        'aclnn         161002      ACLNN_ERR_PARAM_INVALID  fatal          2  2025-03-14 09:21:07Z  2025-03-14 10:00:00Z  A parameter check failed.  Check the input dtypes.                  a.log, b.log',
        'aclnn         561999                               unknown        1  -                     -                     Not in the catalog.        Look it up in the vendor documentation.  a.log',
        'llm-datadist  0x5010B001  LLM_WAIT_PROC_TIMEOUT    fatal          1  2025-03-14 09:21:07Z  2025-03-14 09:21:07Z  Processing timed out.      Retry later.                             a.log',
        'llm-datadist  0x5010B001  LLM_WAIT_PROC_TIMEOUT    retryable      1  -                     -                     Processing timed out.      Retry later.                             a.log',
        '',
      ].join('\n'),
    );
    expect(formatTableReport(sampleReport(), { catalog, lang: 'en', inputs: 2, cwd: '/logs', columns: 80, wide: true })).toBe(text);
  });

  it('shows the handling level: a LEVEL column in the wide table, a Level line in the wrapped one', () => {
    const r = new CodeReport();
    r.lines = 2;
    r.add({ ...event('npu-fault', '0x80E01801', 'fatal', T1), level: 'RestartBusiness' });
    r.add(event('aclnn', '161002', 'fatal', T1));
    expect(formatTableReport(r, { catalog, lang: 'en', inputs: 1, cwd: '/logs' }).split('\n').slice(2, 5)).toEqual([
      'FAMILY     CODE        NAME  CLASS  LEVEL            COUNT  FIRST SEEN            LAST SEEN             MEANING                    REMEDY                   FILES',
      'aclnn      161002            fatal  -                    1  2025-03-14 09:21:07Z  2025-03-14 09:21:07Z  A parameter check failed.  Check the input dtypes.  a.log',
      'npu-fault  0x80E01801        fatal  RestartBusiness      1  2025-03-14 09:21:07Z  2025-03-14 09:21:07Z                                                      a.log',
    ]);
    expect(formatTableReport(r, { catalog, lang: 'en', inputs: 1, cwd: '/logs', columns: 80 }).split('\n').slice(7, 11)).toEqual([
      'npu-fault              fatal      1  -',
      '0x80E01801                           Level: RestartBusiness',
      'at   2025-03-14 09:21                Remedy: -',
      '                                     Files: a.log',
    ]);
  });

  it('wraps to 80 columns without losing a word of the meaning, the remedy or the files', () => {
    const text = formatTableReport(sampleReport(), { catalog, lang: 'en', inputs: 2, columns: 80, cwd: '/logs' });
    const lines = text.split('\n');
    expect(lines.filter((l) => displayWidth(l) > 80)).toEqual([]);
    expect(lines.slice(2, 8)).toEqual([
      'CODE                     CLASS      COUNT  MEANING',
      'aclnn                    fatal          2  A parameter check failed.',
      '161002                                     Remedy: Check the input dtypes.',
      'ACLNN_ERR_PARAM_INVALID                    Files: a.log, b.log',
      'from 2025-03-14 09:21',
      'to   2025-03-14 10:00',
    ]);
    expect(lines.filter((l) => l.startsWith('aclnn') || l.startsWith('llm-datadist')).length).toBe(4);
  });

  it('wraps long and Chinese text inside the meaning column, counting Chinese characters as two columns', () => {
    const long = new CodeReport();
    long.lines = 1;
    long.add(event('aclnn', '161002', 'fatal', T1, 'ACLNN_ERR_PARAM_INVALID'));
    for (const lang of ['en', 'zh'] as const) {
      const text = formatTableReport(long, { catalog: longCatalog, lang, inputs: 1, columns: 80 });
      const lines = text.split('\n');
      expect(lines.filter((l) => displayWidth(l) > 80)).toEqual([]);
      const at = lines[2].indexOf('MEANING');
      const textColumn = lines.slice(3).map((l) => l.slice(at)).join(lang === 'en' ? ' ' : '').replace(/ +/g, ' ');
      expect(textColumn).toContain(lang === 'en' ? LONG_EN : LONG_ZH.replace(/ /g, ''));
    }
  });

  it('says so when nothing was found, and prints notes about unclean lines', () => {
    const r = new CodeReport();
    r.lines = 1;
    expect(formatTableReport(r, { catalog, lang: 'en', inputs: 1, notes: ['1 line was invalid UTF-8.'] })).toBe(
      'Read 1 line from 1 input: no vendor error codes found.\n1 line was invalid UTF-8.\n',
    );
  });

  it('keeps at most MAX_FILES_PER_ROW files per code and says there were more', () => {
    const r = new CodeReport();
    for (let i = 0; i < MAX_FILES_PER_ROW + 5; i++) r.add({ ...event('aclnn', '161002', 'fatal'), path: `/logs/f${i}.log` });
    const [row] = r.rows();
    expect([row.files.length, row.files[0], row.moreFiles]).toEqual([MAX_FILES_PER_ROW, '/logs/f0.log', true]);
    const text = formatTableReport(r, { catalog, lang: 'en', inputs: 1, columns: 80, cwd: '/logs' });
    expect(text).toContain('Files: f0.log, f1.log, f2.log and 17+ more');
  });

  it.each([
    ['abc', 5, 'abc'],
    ['abcdef', 4, 'abc…'],
    ['错误码说明', 5, '错误…'],
  ])('truncateToWidth(%j, %d) is %j', (text, max, expected) => {
    expect(truncateToWidth(text, max)).toBe(expected);
  });

  it.each([
    ['the quick brown fox', 9, ['the quick', 'brown fox']],
    ['a verylongwordhere b', 8, ['a verylo', 'ngwordhe', 're b']],
    ['错误码说明', 4, ['错误', '码说', '明']],
    ['Remedy: 调用接口获取', 12, ['Remedy:', '调用接口获取']],
    ['Remedy: 调用接口获取信息', 12, ['Remedy: 调用', '接口获取信息']],
    ['', 5, ['']],
  ])('wrapToWidth(%j, %d) is %j', (text, width, expected) => {
    expect(wrapToWidth(text, width)).toEqual(expected);
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
