import { describe, expect, it } from 'vitest';
import { unwrapLine } from '../../src/transforms/extract/unwrap-line.js';

describe('unwrapLine', () => {
  it.each([
    ['plain text is unchanged', 'call aclnnAdd failed, error code is 161002', 'call aclnnAdd failed, error code is 161002'],
    ['CRLF', 'errCode: 200\r', 'errCode: 200'],
    ['grep -n prefix', '123:[ERROR] x errno[561103]', '[ERROR] x errno[561103]'],
    ['grep -Hn prefix', '/var/log/npu/plog-1.log:88:[ERROR] x', '[ERROR] x'],
    ['grep -n before a hilog line', '7:05-24 10:11:12.123  1  2 E A00000/T: errCode: 200', '05-24 10:11:12.123  1  2 E A00000/T: errCode: 200'],
    ['a clock time is not a grep prefix', '10:11:12 worker started', '10:11:12 worker started'],
    ['an ISO date-time is not a grep prefix', '2026-05-24T10:11:12Z app: x', '2026-05-24T10:11:12Z app: x'],
    ['key:number: is text, not grep', 'errCode:1001:retry', 'errCode:1001:retry'],
    ['Docker json-file', '{"log":"call aclnnAdd failed, error code is 161002\\n","stream":"stderr","time":"2026-05-24T10:11:12.1Z"}', 'call aclnnAdd failed, error code is 161002'],
    ['Docker json-file with escaped JSON inside', '{"log":"{\\"error_code\\":\\"AIS.0014\\"}\\r\\n","stream":"stdout"}', '{"error_code":"AIS.0014"}'],
    ['a Docker record cut at the line cap', '{"log":"ErrorNo: 1343270913(LLM wait process timeo', 'ErrorNo: 1343270913(LLM wait process timeo'],
    ['JSON that is not a Docker record', '{"error_code":"AIS.0014","error_msg":"x"}', '{"error_code":"AIS.0014","error_msg":"x"}'],
    ['ANSI colours', '\u001b[0;31mERROR\u001b[0m 05-24 10:11:12 x', 'ERROR 05-24 10:11:12 x'],
    ['ANSI colours with the ESC byte lost', '[0;31mERROR[0m aclnnStatus=561002', 'ERROR aclnnStatus=561002'],
    ['full-width punctuation', 'errCode：1011000001，errMessage：失败（重试）［x］', 'errCode:1011000001,errMessage:失败(重试)[x]'],
    ['all wrappers at once', '12:{"log":"\\u001b[1;31mErrorNo：1343270913\\u001b[0m\\r\\n"}\r', 'ErrorNo:1343270913'],
    ['empty line', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(unwrapLine(input)).toBe(expected);
  });
});
