import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToBlocks, htmlToText } from '../../../src/catalog/import/html-to-text.js';

describe('htmlToText', () => {
  it.each([
    ['strips tags and collapses whitespace', '<p id="x"><a name="a"></a>成功。</p>\n', '成功。'],
    ['joins Chinese paragraphs without a space', '<p>参数校验错误。</p>\n<p>详细的错误消息，可通过<span id="s"></span>接口获取。</p>', '参数校验错误。详细的错误消息，可通过接口获取。'],
    ['joins English paragraphs with a space', '<p>First.</p><p>Second.</p>', 'First. Second.'],
    ['keeps unordered list items as sentences', '<ul><li>检查cache_id是否正确。</li><li>检查是否存在重复拉取</li></ul>', '检查cache_id是否正确。检查是否存在重复拉取。'],
    ['numbers ordered list items', '<ol><li>排查网络连接。</li><li>清理残留资源。</li></ol>', '1. 排查网络连接。 2. 清理残留资源。'],
    ['ignores stray closing anchors', '如果是PullKvCache</a>、PullKvBlocks</a>等接口', '如果是PullKvCache、PullKvBlocks等接口'],
    ['keeps a link address next to its text', '单击<a href="https://www.hiascend.com/support" target="_blank">Link</a>联系', '单击Link (https://www.hiascend.com/support)联系'],
    ['decodes entities', '<p>a&nbsp;&lt;b&gt; &amp; &#x4E2D;&#25991; &quot;q&quot;</p>', 'a <b> & 中文 "q"'],
    ['drops comments, scripts and styles', '<!-- c --><style>p{}</style><script>x()</script><p>text</p>', 'text'],
    ['returns empty text for empty markup', '<p> </p><div></div>', ''],
  ])('%s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it('gives each paragraph and list item as its own block', () => {
    expect(htmlToBlocks('<p>a</p><ul><li>b</li><li>c.</li></ul><p>d</p>')).toEqual(['a', 'b.', 'c.', 'd']);
  });

  it('leaves unknown entities as written', () => {
    expect(decodeEntities('&bogus; &#0; &amp;')).toBe('&bogus; &#0; &');
  });
});
