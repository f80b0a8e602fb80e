// Every problem in an overlay or seed is reported at once, each at the exact file:line:col to fix.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importSeed } from '../../../src/catalog/import/import-seed.js';
import { formatLoadError, LoadErrors } from '../../../src/load/load-error.js';

const dir = mkdtempSync(join(tmpdir(), 'import-seed-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The formatted errors importSeed throws, with the temp directory shown as `<dir>`. */
function importErrors(seedFile: string, family: string, overlayFile: string): string[] {
  try {
    importSeed({ seedFile, family, overlayFile });
  } catch (err) {
    if (err instanceof LoadErrors) return err.errors.map((e) => formatLoadError(e).replace(dir, '<dir>'));
    throw err;
  }
  return [];
}

const PIPE_SEED = write('tiny.txt', '错误码|描述\n------|------\n0 | 成功\n10001 | 授权文件不存在\n10002 | 无效的授权文件\n');

const GOOD_ENTRIES = `  "0":
    message: {en: "Success."}
    remedy: {en: "None.", zh: "无"}
    class: success
    class_basis: policy
    class_reason: "Success."
  "10001":
    message: {en: "The license file does not exist."}
    remedy: {en: "Install it.", zh: "安装。"}
    class: fatal
    class_basis: policy
    class_reason: "A person must install it."
  "10002":
    message: {en: "Invalid license file."}
    remedy: {en: "Replace it.", zh: "替换。"}
    class: fatal
    class_basis: policy
    class_reason: "A person must replace it."
`;
const HEAD = 'family: tiny\ntitle: {en: "Tiny", zh: "小"}\nseed: tiny.txt\nformat: pipe-table\nentries:\n';

describe('importSeed errors', () => {
  it('accepts a complete overlay', () => {
    expect(importErrors(PIPE_SEED, 'tiny', write('good.yaml', HEAD + GOOD_ENTRIES))).toEqual([]);
  });

  it('refuses escalate on a success entry and on an extra range entry, at the escalation', () => {
    const entries = GOOD_ENTRIES.replace('    class_reason: "Success."\n', '    class_reason: "Success."\n    escalate: {count: 2, within: 1h, severity: page, reason: r}\n');
    const extra = `extra_entries:
  - code: "20xxx"
    range: {from: 20000, to: 20999}
    message: {en: "m", zh: "m"}
    remedy: {en: "r", zh: "r"}
    class: fatal
    class_basis: policy
    class_reason: "p"
    escalate: {count: 2, within: 1h, severity: page, reason: r}
    source: "doc:d"
`;
    expect(importErrors(PIPE_SEED, 'tiny', write('escalate.yaml', HEAD + entries + extra))).toEqual([
      '<dir>/escalate.yaml:12:15 a success entry cannot escalate: seeing it repeatedly is not a fault (at entries.0.escalate)',
      '<dir>/escalate.yaml:33:15 a range entry cannot escalate: its members are counted under their own codes, which an alert rule cannot list (at extra_entries.0.escalate)',
    ]);
  });

  it('reports every merge problem at once, each where it is', () => {
    const overlay = write('bad.yaml', `${HEAD}  "0":
    message: {en: "Success.", zh: "成功"}
    remedy: {en: "None.", zh: "无"}
    class: success
    class_basis: policy
    class_reason: "Success."
  "10001":
    remedy: {en: "Install it.", zh: "安装。"}
    class: fatal
    class_basis: policy
    class_reason: "TODO confirm"
    aliases: ["0"]
  "20001":
    message: {en: "x"}
    remedy: {en: "x", zh: "x"}
    class: fatal
    class_basis: policy
    class_reason: "x"
`);
    expect(importErrors(PIPE_SEED, 'tiny', overlay)).toEqual([
      '<dir>/bad.yaml:5:1 seed code "10002" has no overlay entry; add one with at least class, class_basis and class_reason',
      '<dir>/bad.yaml:7:31 message.zh of "0" comes from the seed (the vendor\'s text wins); remove it from the overlay',
      '<dir>/bad.yaml:12:3 "10001" has no message.en; add it to the overlay',
      '<dir>/bad.yaml:16:5 "10001" still has a draft placeholder: "TODO confirm"',
      '<dir>/bad.yaml:17:15 alias "0" of "10001" is already used by "0"',
      '<dir>/bad.yaml:18:3 overlay entry "20001" is not a code in seed tiny.txt; put entries from other documents in extra_entries',
    ]);
  });

  it('reports schema problems (unknown fields, bad classes) through the shared YAML loader', () => {
    const overlay = write('schema.yaml', HEAD + GOOD_ENTRIES.replace('class: success', 'class: ok').replace('    class_reason: "A person must replace it."', '    class_reason: "x"\n    colour: red'));
    expect(importErrors(PIPE_SEED, 'tiny', overlay)).toEqual([
      '<dir>/schema.yaml:9:12 class must be one of retryable, fatal, success (at entries.0.class)',
      '<dir>/schema.yaml:24:5 unknown field "colour" (at entries.10002)',
    ]);
  });

  it('reports an overlay made for another family or seed', () => {
    const overlay = write('other.yaml', HEAD.replace('seed: tiny.txt', 'seed: other.txt') + GOOD_ENTRIES);
    expect(importErrors(PIPE_SEED, 'small', overlay)).toEqual([
      '<dir>/other.yaml:1:9 overlay is for family "tiny", not "small"',
      '<dir>/other.yaml:3:7 overlay is for seed other.txt, not tiny.txt',
    ]);
  });

  it('holds the class to the vendor\'s recoverable word and hints at unquoted hex keys', () => {
    const seed = write('hex.txt', 'constexpr Status A_OK = 0x0U;\nconstexpr Status A_LOST = 0x10U;\n<table><tr><th>枚举值</th><th>含义</th><th>是否可恢复</th><th>解决办法</th></tr>' +
      '<tr><td>A_OK</td><td>成功</td><td>无</td><td>无</td></tr><tr><td>A_LOST</td><td>断开</td><td>否</td><td>重连</td></tr></table>\n');
    const overlay = write('hex.yaml', `family: hex
title: {en: "Hex", zh: "十六进制"}
seed: hex.txt
format: constexpr-table
entries:
  "0x0":
    message: {en: "Success."}
    remedy: {en: "None."}
    class: retryable
    class_basis: vendor
    class_reason: "x"
  0x10:
    message: {en: "Lost."}
    remedy: {en: "Reconnect."}
    class: fatal
    class_basis: vendor
    class_reason: "x"
`);
    expect(importErrors(seed, 'hex', overlay)).toEqual([
      '<dir>/hex.yaml:5:1 seed code "0x10" (A_LOST) has no overlay entry; add one with at least class, class_basis and class_reason',
      '<dir>/hex.yaml:12:3 overlay entry "16" is not a code in seed hex.txt (did you mean "0x10"? quote hex codes, or YAML reads them as numbers); put entries from other documents in extra_entries',
    ]);
    const fixed = write('hex-fixed.yaml', importFixed(overlay));
    expect(importErrors(seed, 'hex', fixed)).toEqual([]);
    const wrong = write('hex-wrong.yaml', importFixed(overlay).replace('class: fatal', 'class: retryable'));
    expect(importErrors(seed, 'hex', wrong)).toEqual([
      '<dir>/hex-wrong.yaml:15:5 "0x10" is not recoverable by the vendor\'s word, so its class is fatal, not retryable (use contexts for exceptions)',
    ]);
  });

  it('reports seed problems at their line and column in the seed', () => {
    const seed = write('broken.txt', '错误码|描述\n------|------\n1 | a\n2 | b | c\n1 | again\n');
    expect(importErrors(seed, 'tiny', write('any.yaml', HEAD.replace('tiny.txt', 'broken.txt') + GOOD_ENTRIES))).toEqual([
      '<dir>/broken.txt:4:1 pipe-table seed: row has 3 cells but the header has 2',
    ]);
    const twice = write('twice.txt', '错误码|描述\n------|------\n1 | a\n1 | again\n');
    expect(importErrors(twice, 'tiny', write('any2.yaml', HEAD.replace('tiny.txt', 'twice.txt') + GOOD_ENTRIES))).toEqual([
      '<dir>/twice.txt:4:1 code "1" appears twice in the seed',
    ]);
  });

  it('reports a missing overlay file as one error', () => {
    expect(importErrors(PIPE_SEED, 'tiny', join(dir, 'missing.yaml'))[0]).toMatch(/^<dir>\/missing\.yaml:0:0 cannot read file: ENOENT/);
  });
});

/** The hex overlay with its key quoted and the success class right. */
function importFixed(overlay: string): string {
  return readText(overlay).replace('  0x10:', '  "0x10":').replace('class: retryable', 'class: success');
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
