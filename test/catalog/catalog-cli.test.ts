// Spawns the built CLI (test/global-setup.ts builds dist/) for explain and catalog list: output and exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LoadErrors, formatLoadError } from '../../src/load/load-error.js';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';

const CLI = process.env.ERRCODE_EXPORTER_CLI ?? 'dist/cli/main.js';
const VALID = ['--catalogs', 'test/fixtures/catalogs/valid'];

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('errcode-exporter explain', () => {
  it('explains a decimal spelling of a hex status with its class, context and remedy', () => {
    expect(run('explain', '1343270913', ...VALID)).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        'llm-datadist  0x5010B001  LLM_WAIT_PROC_TIMEOUT',
        '  aliases      1343270913, LLM_WAIT_PROCESS_TIMEOUT',
        '  class        retryable',
        '  why          vendor: The vendor marks it recoverable.',
        '  in context   api in [PullKvCache, PullKvBlocks] -> fatal: Vendor: on transfer APIs the link cannot recover and must be rebuilt.',
        '  message      Processing timed out.',
        '  remedy       Increase the timeout and retry.',
        '  recoverable  yes (vendor)',
        '  source       seed:002_479606296454d700.txt',
        '',
      ].join('\n'),
    });
  });

  it('lists every family a spelling matches', () => {
    const r = run('explain', '0', ...VALID, '--lang', 'zh');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => !l.startsWith(' '))).toEqual([
      '"0" 匹配 2 个条目（aclnn, llm-datadist）：',
      '',
      'aclnn  0  ACLNN_SUCCESS',
      '',
      'llm-datadist  0x0  LLM_SUCCESS',
      '',
    ]);
  });

  it('prints the same JSON object shape as catalog list', () => {
    const explained = run('explain', 'LLMStatusCode.LLM_LINK_FAILED', '--family', 'llm-datadist', '--format', 'json', ...VALID);
    const listed = run('catalog', 'list', '--format', 'json', '--family', 'llm-datadist', ...VALID);
    expect(explained.status).toBe(0);
    expect(JSON.parse(explained.stdout)).toEqual([(JSON.parse(listed.stdout) as { code: string }[]).find((e) => e.code === '0x5010B009')]);
  });

  it('says clearly that an unknown code is unknown, and exits 1', () => {
    expect(run('explain', '999999', ...VALID)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'errcode-exporter: "999999" is not a known code in any family.\nRun "errcode-exporter catalog list" to see every known code.\n',
    });
    expect(run('explain', '161002', '--family', 'llm-datadist', '--format', 'json', ...VALID)).toEqual({
      status: 1,
      stdout: '[]\n',
      stderr:
        'errcode-exporter: "161002" is not a known code in family "llm-datadist".\nRun "errcode-exporter catalog list --family llm-datadist" to see every known code.\n',
    });
  });

  it('exits 2 on an unknown family or language', () => {
    expect(run('explain', '0', '--family', 'nope', ...VALID)).toEqual({
      status: 2,
      stdout: '',
      stderr: 'errcode-exporter: unknown family "nope"; the catalogs have: aclnn, huawei-cloud, llm-datadist.\n',
    });
    expect(run('explain', '0', '--lang', 'fr', ...VALID).status).not.toBe(0);
  });

  it('prints every catalog problem as file:line:col and exits 2', () => {
    const dir = 'test/fixtures/catalogs/invalid';
    let expected: string[] = [];
    try {
      loadCatalogs(dir);
    } catch (err) {
      if (err instanceof LoadErrors) expected = err.errors.map(formatLoadError);
    }
    expect(expected).toHaveLength(14);
    expect(run('explain', '0', '--catalogs', dir)).toEqual({
      status: 2,
      stdout: '',
      stderr: `${expected.join('\n')}\nerrcode-exporter: 14 problems in the catalogs.\n`,
    });
  });
});

describe('errcode-exporter catalog list', () => {
  it('prints every entry as JSON', () => {
    const r = run('catalog', 'list', '--format', 'json', ...VALID);
    expect(r.status).toBe(0);
    const entries = JSON.parse(r.stdout) as { family: string; code: string }[];
    expect(entries.map((e) => `${e.family} ${e.code}`)).toEqual([
      'aclnn 0', 'aclnn 161002', 'aclnn 561xxx', 'aclnn 561002', 'huawei-cloud APIG.0308', 'huawei-cloud ModelArts.4101',
      'llm-datadist 0x0', 'llm-datadist 0xFFFFFFFF', 'llm-datadist 0x5010B001', 'llm-datadist 0x5010B009',
    ]);
  });

  it('prints an aligned table for people', () => {
    expect(run('catalog', 'list', '--family', 'llm-datadist', ...VALID)).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        'FAMILY        CODE        NAME                   CLASS      MESSAGE',
        'llm-datadist  0x0         LLM_SUCCESS            success    Success.',
        'llm-datadist  0xFFFFFFFF  LLM_FAILED             fatal      General failure.',
        'llm-datadist  0x5010B001  LLM_WAIT_PROC_TIMEOUT  retryable  Processing timed out.',
        'llm-datadist  0x5010B009  LLM_LINK_FAILED        retryable  Linking failed.',
        '',
      ].join('\n'),
    });
  });
});

describe('errcode-exporter catalog import', () => {
  const SEED = 'test/fixtures/catalogs/import/tiny-seed.txt';
  const OVERLAY = 'test/fixtures/catalogs/import/tiny-seed.overlay.yaml';
  const dir = mkdtempSync(join(tmpdir(), 'catalog-import-'));
  const out = join(dir, 'tiny.yaml');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a catalog that loads and explains, and --check accepts it unchanged', () => {
    const stdout = run('catalog', 'import', SEED, '--family', 'tiny', '--overlay', OVERLAY);
    expect(run('catalog', 'import', SEED, '--family', 'tiny', '--overlay', OVERLAY, '--output', out)).toEqual({
      status: 0,
      stdout: '',
      stderr: `Wrote ${out}.\n`,
    });
    expect(readFileSync(out, 'utf8')).toBe(stdout.stdout);
    expect(run('explain', '10001', '--catalogs', dir).stdout.split('\n').slice(0, 3)).toEqual([
      'tiny  10001',
      '  class    fatal',
      '  why      policy: A person must install the license.',
    ]);
    expect(run('catalog', 'import', SEED, '--family', 'tiny', '--overlay', OVERLAY, '--output', out, '--check')).toEqual({
      status: 0,
      stdout: '',
      stderr: `${out} is up to date with ${SEED}.\n`,
    });
  });

  it('--check exits 1 and says where a hand-edited catalog differs and how to regenerate it', () => {
    const edited = join(dir, 'edited.yaml');
    writeFileSync(edited, readFileSync(out, 'utf8').replace('class: fatal', 'class: retryable'));
    const r = run('catalog', 'import', SEED, '--family', 'tiny', '--overlay', OVERLAY, '--output', edited, '--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `${edited}:24: differs from a fresh import of ${SEED}\n` +
        '  committed:     class: retryable\n' +
        '  import:        class: fatal\n' +
        'Edit the overlay, not the catalog, then regenerate with:\n' +
        `  errcode-exporter catalog import ${SEED} --family tiny --overlay ${OVERLAY} --output ${edited}\n`,
    );
  });

  it('prints the importer\'s problems with positions and exits 2', () => {
    expect(run('catalog', 'import', SEED, '--family', 'other', '--overlay', OVERLAY)).toEqual({
      status: 2,
      stdout: '',
      stderr: `${OVERLAY}:2:9 overlay is for family "tiny", not "other"\nerrcode-exporter: 1 problem in the import of ${SEED}.\n`,
    });
  });
});

describe('with the bundled catalogs (no --catalogs)', () => {
  it('explains every spelling of issue 2 and lists 430 seed codes plus the documented 561xxx ones', () => {
    const firstLines = ['161002', '0x5010b001', '1343270913', 'LLM_WAIT_PROCESS_TIMEOUT', 'APIGW.0308', '561002', '507015', 'EI0002'].map(
      (code) => run('explain', code).stdout.split('\n')[0],
    );
    expect(firstLines).toEqual([
      'aclnn  161002  ACLNN_ERR_PARAM_INVALID',
      'llm-datadist  0x5010B001  LLM_WAIT_PROC_TIMEOUT',
      'llm-datadist  0x5010B001  LLM_WAIT_PROC_TIMEOUT',
      'llm-datadist  0x5010B001  LLM_WAIT_PROC_TIMEOUT',
      'huawei-cloud  APIG.0308',
      'aclnn  561002  ACLNN_ERR_INNER_TILING_ERROR',
      'acl-runtime  507015  ACL_ERROR_RT_AICORE_EXCEPTION',
      'cann-errmsg  EI0002',
    ]);
    const r = run('catalog', 'list', '--format', 'json');
    expect(r.status).toBe(0);
    const entries = JSON.parse(r.stdout) as { source: string; range?: unknown; class: string; message: { en: string; zh: string } }[];
    expect(entries.filter((e) => e.source.startsWith('seed:') && e.range === undefined)).toHaveLength(430);
    // 4 documented aclnn 561xxx sub-codes and the 4 hand-maintained npu-fault ids.
    expect(entries.filter((e) => e.source.startsWith('doc:'))).toHaveLength(8);
  }, 90_000); // nine CLI processes; on a loaded 2-core host one takes ~5 s
});

describe('--help', () => {
  it.each([['explain'], ['catalog', 'list'], ['catalog', 'import']].map((command) => [command.join(' '), command] as const))('%s has examples', (_name, command) => {
    const r = run(...command, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Examples:\n  errcode-exporter ${command.join(' ')} `);
  });
});
