// A sixth vendor page in one of the five formats must import without code changes: these pages are
// invented, with codes, columns and wording none of the real seeds have.
import { describe, expect, it } from 'vitest';
import { SeedParseError } from '../../../src/catalog/import/seed-entry.js';
import type { SeedEntry, SeedFormat } from '../../../src/catalog/import/seed-entry.js';
import { detectSeedFormat, SEED_PARSERS } from '../../../src/catalog/import/seed-parsers.js';

const content = ({ offset: _offset, ...rest }: SeedEntry): Omit<SeedEntry, 'offset'> => rest;

const PAGES: readonly { format: SeedFormat; text: string; expected: Omit<SeedEntry, 'offset'>[] }[] = [
  {
    format: 'html-table',
    text: '# 返回码\n<table><thead><tr><th>名称</th><th>返回码</th><th>说明</th><th>处理建议</th></tr></thead>\n<tbody>' +
      '<tr><td>X_OK</td><td>0</td><td><p>成功。</p></td><td><p>无</p></td></tr>' +
      '<tr><td>X_BUSY</td><td>7001</td><td><p>设备忙&amp;排队中。</p></td><td><ul><li>稍后重试</li></ul></td></tr>' +
      '<tr><td>X_INNER</td><td>79xx</td><td><p>内部错误。</p><div class="note"><span class="notetitle">说明：</span><div class="notebody"><ul><li>7901（X_INNER_IO）：读写失败。</li></ul></div></div></td><td><p>联系支持。</p></td></tr>' +
      '</tbody></table>',
    expected: [
      { code: '0', name: 'X_OK', message: { zh: '成功。' }, remedy: { zh: '无' } },
      { code: '7001', name: 'X_BUSY', message: { zh: '设备忙&排队中。' }, remedy: { zh: '稍后重试。' } },
      { code: '79xx', name: 'X_INNER', range: { from: 7900, to: 7999 }, message: { zh: '内部错误。' }, remedy: { zh: '联系支持。' } },
      { code: '7901', name: 'X_INNER_IO', message: { zh: '读写失败。' } },
    ],
  },
  {
    format: 'tiled-section',
    text: '<div class="tiledSection"><h2 id="a">2100001 Busy</h2><p><strong>错误信息</strong></p><p>Service busy.</p>' +
      '<p><strong>处理步骤</strong></p><ol><li>Wait.</li><li>Retry</li></ol></div>',
    expected: [{ code: '2100001', title: { en: 'Busy' }, message: { en: 'Service busy.' }, remedy: { en: '1. Wait. 2. Retry.' } }],
  },
  {
    format: 'constexpr-table',
    text: '```\nconstexpr uint32_t X_OK = 0U;\nconstexpr uint32_t X_LOST = 0xA0000001U;\n```\n' +
      '<table><tr><th>Name</th><th>Meaning</th><th>Recoverable</th><th>Solution</th></tr>' +
      '<tr><td>X_LOST</td><td>Link lost.</td><td>Yes</td><td>Reconnect.</td></tr>' +
      '<tr><td>X_OK</td><td>Success.</td><td>-</td><td>None.</td></tr></table>',
    expected: [
      { code: '0', name: 'X_OK', message: { en: 'Success.' }, remedy: { en: 'None.' } },
      { code: '0xA0000001', name: 'X_LOST', recoverable: true, message: { en: 'Link lost.' }, remedy: { en: 'Reconnect.' } },
    ],
  },
  {
    format: 'pipe-table',
    text: '| Code | Description | 处理措施 |\n|:---|:---|---|\n| 301 | Quota exceeded | 请稍后再试 |\n| 302 | Bad key | 检查密钥 |\n',
    expected: [
      { code: '301', message: { en: 'Quota exceeded' }, remedy: { zh: '请稍后再试' } },
      { code: '302', message: { en: 'Bad key' }, remedy: { zh: '检查密钥' } },
    ],
  },
  {
    format: 'text-pipe-table',
    text: 'Error codes\nSome prose | with a pipe.\nHTTP Status | Error Code | Message | 说明 |\n|---|---|---|---|\n429 | OBS.0429 | Too many requests. | 请求过多。 |\n400 | 其他 | 联系客服。 | |\n',
    expected: [{ code: 'OBS.0429', httpStatus: 429, message: { en: 'Too many requests.', zh: '请求过多。' } }],
  },
];

describe('a sixth vendor page', () => {
  it.each(PAGES)('imports as $format without code changes', ({ format, text, expected }) => {
    expect(detectSeedFormat(text)).toBe(format);
    expect(SEED_PARSERS[format].parse(text).map(content)).toEqual(expected);
  });
});

describe('pages the parsers cannot read', () => {
  const problemsOf = (format: SeedFormat, text: string): string[] => {
    try {
      SEED_PARSERS[format].parse(text);
    } catch (err) {
      if (err instanceof SeedParseError) return err.problems.map((p) => `@${p.offset} ${p.message}`);
      throw err;
    }
    return [];
  };

  it.each([
    ['html-table', 'no table here', ['@0 no <table> found']],
    ['html-table', '<table><tr><th>错误码</th><th>颜色</th></tr><tr><td>1</td><td>red</td></tr></table>',
      ['@0 column 2 header "颜色" is not a known column (code, name, message, cause, remedy, recoverable, status)']],
    ['pipe-table', 'code | message\n---|---\n1 | a | extra\n', ['@23 row has 3 cells but the header has 2']],
    ['pipe-table', 'intro\ncode | message\n', ['@0 the first line "intro" is not a pipe-table header of known columns']],
    ['text-pipe-table', 'just prose\n', ['@0 no pipe-table header of known columns found']],
    ['constexpr-table', 'constexpr Status A = 1;\n<table><tr><th>枚举值</th><th>含义</th></tr><tr><td>B</td><td>x</td></tr></table>',
      ['@63 table row B has no constexpr constant', '@0 constant A has no row in the table']],
    ['tiled-section', '<div class="tiledSection"><h2>Overview</h2></div>', ['@0 heading "Overview" does not start with a code']],
    ['tiled-section', '<div class="tiledSection"><h2>5 X</h2><p><strong>备注</strong></p><p>y</p></div>', ['@26 code 5: unknown section label "备注"']],
  ] as const)('%s: %j is reported', (format, text, expected) => {
    expect(problemsOf(format, text)).toEqual(expected);
  });
});
