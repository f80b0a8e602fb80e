import { describe, expect, it } from 'vitest';
import type { MapKind } from '../../src/rules/rule-schema.js';
import { mapCode } from '../../src/transforms/extract/map-code.js';

describe('mapCode', () => {
  it.each<[MapKind, string, string]>([
    ['decimal', '161002', '161002'],
    ['decimal', '0161002', '161002'],
    ['decimal', '-1', '4294967295'],
    ['decimal', '0x5010B001', '1343270913'],
    ['decimal', 'abc', 'abc'],
    ['decimal', '99999999999999999999', '99999999999999999999'],
    ['hex-from-decimal', '1343270913', '0x5010B001'],
    ['hex-from-decimal', '0', '0x0'],
    ['hex-from-decimal', '-1', '0xFFFFFFFF'],
    ['hex-from-decimal', '4294967295', '0xFFFFFFFF'],
    ['hex-from-decimal', '0x5010b00a', '0x5010B00A'],
    ['enum-name', 'LLMStatusCode.LLM_LINK_FAILED', 'LLM_LINK_FAILED'],
    ['enum-name', 'llm_datadist.LLMStatusCode.LLM_TIMEOUT', 'LLM_TIMEOUT'],
    ['enum-name', 'LLM_TIMEOUT', 'LLM_TIMEOUT'],
    ['enum-name', 'Trailing.', 'Trailing.'],
    ['uppercase-prefix', 'apigw.0308', 'APIGW.0308'],
    ['uppercase-prefix', 'ModelArts.4101', 'MODELARTS.4101'],
    ['uppercase-prefix', 'nodot', 'nodot'],
    ['as-is', 'ModelArts.4101', 'ModelArts.4101'],
  ])('%s %s -> %s', (kind, raw, expected) => {
    expect(mapCode(kind, raw)).toBe(expected);
  });
});
