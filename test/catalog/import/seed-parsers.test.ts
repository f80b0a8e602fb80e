import { describe, expect, it } from 'vitest';
import { parseConstexprTable } from '../../../src/catalog/import/parse-constexpr-table.js';
import { parseHtmlTable } from '../../../src/catalog/import/parse-html-table.js';
import { parsePipeTable } from '../../../src/catalog/import/parse-pipe-table.js';
import { parseTextPipeTable } from '../../../src/catalog/import/parse-text-pipe-table.js';
import { parseTiledSection } from '../../../src/catalog/import/parse-tiled-section.js';
import { seedFieldsOf } from '../../../src/catalog/import/seed-entry.js';
import type { SeedEntry } from '../../../src/catalog/import/seed-entry.js';
import { detectSeedFormat, SEED_PARSERS } from '../../../src/catalog/import/seed-parsers.js';
import { SEEDS, seedText } from './seed-files.js';

const byCode = (entries: readonly SeedEntry[]): Map<string, SeedEntry> => new Map(entries.map((e) => [e.code, e]));
// Offsets only serve error positions; compare entries without them.
const content = ({ offset: _offset, ...rest }: SeedEntry): Omit<SeedEntry, 'offset'> => rest;

describe('html-table (aclnn seed)', () => {
  const entries = parseHtmlTable(seedText('000_0f35586de87fbe0e.txt'));
  const codes = byCode(entries);

  it('finds 7 exact codes and the 561xxx range, sub-codes right after their range', () => {
    expect(entries.map((e) => e.code)).toEqual(['0', '161001', '161002', '361001', '561xxx', '561101', '561102', '561103']);
    expect(entries.filter((e) => e.range).length).toBe(1);
  });

  it('reads name and Chinese message, joining paragraphs', () => {
    expect(content(codes.get('161002')!)).toEqual({
      code: '161002',
      name: 'ACLNN_ERR_PARAM_INVALID',
      message: { zh: '参数校验错误，如输入的两个数据类型不满足输入类型推导关系。详细的错误消息，可通过接口获取。' },
    });
  });

  it('turns 561xxx into a range whose note prose is its remedy', () => {
    const range = codes.get('561xxx')!;
    expect(range.name).toBe('ACLNN_ERR_INNER_XXX');
    expect(range.range).toEqual({ from: 561000, to: 561999 });
    expect(range.message).toEqual({ zh: 'API发生内部异常，详细的错误消息，可通过接口获取。' });
    expect(range.remedy?.zh).toBe('常见的内部异常场景如下，其余异常请根据报错排查问题或联系技术支持（您可以获取日志后单击Link (https://www.hiascend.com/support)联系技术支持）。');
  });

  it.each([
    ['561101', 'ACLNN_ERR_INNER_CREATE_EXECUTOR', 'API内部创建aclOpExecutor失败（可能因为操作系统异常）。'],
    ['561102', 'ACLNN_ERR_INNER_NOT_TRANS_EXECUTOR', 'API内部未调用uniqueExecutor ReleaseTo。'],
    ['561103', 'ACLNN_ERR_INNER_NULLPTR', 'aclnn API内部发生异常，出现了nullptr的异常。'],
  ])('makes note item %s an exact entry named %s', (code, name, zh) => {
    expect(content(codes.get(code)!)).toEqual({ code, name, message: { zh } });
  });
});

describe('tiled-section (core-vision seed)', () => {
  const entries = parseTiledSection(seedText('001_edb600ecd16190f6.txt'));

  it('finds 12 codes in page order', () => {
    expect(entries.map((e) => e.code)).toEqual([
      '200', '401', '1001400001', '1001400002', '1008400001', '1008400002',
      '1008800001', '1008800002', '1011000001', '1011000002', '1011000003', '1011000004',
    ]);
  });

  it('maps 错误信息/错误描述/可能原因/处理步骤 to message.en/message.zh/cause.zh/remedy.zh', () => {
    expect(content(entries[0]!)).toEqual({
      code: '200',
      title: { zh: '运行超时' },
      message: { en: 'Run timed out, please try again later.', zh: '运行超时，请重试。' },
      cause: { zh: '当前存在大量的请求，无法及时处理。' },
      remedy: { zh: '过一段时间重试，并做好相关的逻辑判断。' },
    });
    expect(content(entries[11]!)).toEqual({
      code: '1011000004',
      title: { zh: '模型运行超时' },
      message: { en: 'Running the model timed out. Try again later.', zh: '模型运行超时' },
      cause: { zh: '模型加载异常' },
      remedy: { zh: '稍后重试。' },
    });
  });
});

describe('constexpr-table (llm-datadist seed)', () => {
  const entries = parseConstexprTable(seedText('002_479606296454d700.txt'));
  const codes = byCode(entries);

  it('finds 18 codes spelled as in the C++ header, in header order', () => {
    expect(entries.length).toBe(18);
    expect(entries.slice(0, 3).map((e) => [e.code, e.name])).toEqual([
      ['0x0', 'LLM_SUCCESS'], ['0xFFFFFFFF', 'LLM_FAILED'], ['0x5010B001', 'LLM_WAIT_PROC_TIMEOUT'],
    ]);
    expect(entries[17]?.code).toBe('0x5010B01C');
  });

  it('reads 是/否 as recoverable and leaves 无 out', () => {
    expect(entries.filter((e) => e.recoverable === true).length).toBe(15);
    expect(entries.filter((e) => e.recoverable === false).map((e) => e.name)).toEqual(['LLM_FAILED', 'LLM_TIMEOUT']);
    expect(codes.get('0x0')?.recoverable).toBeUndefined();
  });

  it('flattens list remedies into readable sentences', () => {
    expect(codes.get('0x5010B001')?.remedy?.zh).toBe('如果是PullKvCache、PullKvBlocks等传输相关接口报该错误，该链路不可恢复，需重新建链。其他接口报该异常，加大超时时间并重试。');
    expect(codes.get('0x5010B00B')?.remedy?.zh).toBe('1. 排查Decode与Prompt之间的网络连接。 2. 主动调Prompt侧的UnlinkLlmClusters接口清理残留资源。');
    expect(content(codes.get('0x5010B00E')!)).toEqual({
      code: '0x5010B00E', name: 'LLM_DEVICE_OUT_OF_MEMORY', recoverable: true,
      message: { zh: 'Device内存不足' }, remedy: { zh: '检查申请的内存是否没有释放。' },
    });
  });
});

describe('pipe-table (speech-sdk seed)', () => {
  const entries = parsePipeTable(seedText('003_7b3f41240b62f926.txt'));

  it('finds 167 codes with Chinese messages only', () => {
    expect(entries.length).toBe(167);
    expect(content(entries[0]!)).toEqual({ code: '0', message: { zh: '成功' } });
    expect(content(entries[166]!)).toEqual({ code: '90001', message: { zh: '内部错误' } });
    expect(entries.every((e) => seedFieldsOf(e).join() === 'message.zh')).toBe(true);
  });
});

describe('text-pipe-table (huawei-cloud seed)', () => {
  const entries = parseTextPipeTable(seedText('004_78dc2b0192c2fce1.txt'));
  const codes = byCode(entries);

  it('finds 77 codes after the prose and skips the 其他 advice row', () => {
    expect(entries.length).toBe(77);
    expect(codes.has('其他')).toBe(false);
    expect(entries[0]?.code).toBe('AIS.0002');
    expect(entries[76]?.code).toBe('AIP.0019');
  });

  it('reads status, English and Chinese messages and remedy', () => {
    expect(content(codes.get('AIP.0500')!)).toEqual({
      code: 'AIP.0500', httpStatus: 500,
      message: { en: 'Failed to complete the request because of an internal service error.', zh: '服务内部错误。' },
      remedy: { zh: '请联系华为云支持人员,通过工单进行处理。' },
    });
    expect(codes.get('APIG.0308')?.message.en).toBe('The request is sent too fast and exceeds the default rate limit of the service.');
    expect(entries.filter((e) => e.httpStatus !== 400).map((e) => [e.code, e.httpStatus])).toEqual([
      ['AIP.0001', 403], ['AIP.0500', 500], ['AIP.0003', 401], ['AIP.0008', 405],
    ]);
  });
});

describe('format detection and the parser table', () => {
  it.each(SEEDS)('recognises the $family seed as $format', ({ seed, format }) => {
    expect(detectSeedFormat(seedText(seed))).toBe(format);
    expect(SEED_PARSERS[format].format).toBe(format);
  });
});
