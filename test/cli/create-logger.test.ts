import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/create-logger.js';
import type { LogFormat, LogLevel } from '../../src/cli/create-logger.js';

const NOW = Date.UTC(2026, 11, 5, 7, 10, 13, 123);

function logged(level: LogLevel, format: LogFormat): string {
  let out = '';
  const logger = createLogger({ level, format, write: (t) => (out += t), now: () => NOW });
  logger.debug('Following /var/log/a.log for pods.');
  logger.info('Running with 1 input.');
  logger.warn('The directory /x does not exist; "quoted".');
  logger.error('Stopped.');
  return out;
}

describe('createLogger', () => {
  it('text at info: the historical form, debug left out', () => {
    expect(logged('info', 'text')).toBe([
      'errcode-exporter: Running with 1 input.',
      'errcode-exporter: The directory /x does not exist; "quoted".',
      'errcode-exporter: Stopped.',
      '',
    ].join('\n'));
  });

  it('logfmt at debug: every level, timestamped, values quoted and escaped', () => {
    expect(logged('debug', 'logfmt')).toBe([
      'ts=2026-12-05T07:10:13.123Z level=debug msg="Following /var/log/a.log for pods."',
      'ts=2026-12-05T07:10:13.123Z level=info msg="Running with 1 input."',
      'ts=2026-12-05T07:10:13.123Z level=warn msg="The directory /x does not exist; \\"quoted\\"."',
      'ts=2026-12-05T07:10:13.123Z level=error msg="Stopped."',
      '',
    ].join('\n'));
  });

  it('json at warn: one object per line, lower levels left out', () => {
    const lines = logged('warn', 'json').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { ts: '2026-12-05T07:10:13.123Z', level: 'warn', msg: 'The directory /x does not exist; "quoted".' },
      { ts: '2026-12-05T07:10:13.123Z', level: 'error', msg: 'Stopped.' },
    ]);
  });
});
