// An empty ERRCODE_* variable means "not set": unit table for the filter, and the built CLI end to end
// (`healthcheck` with ERRCODE_CONFIG= used to read the working directory as its config file and exit 2).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropEmptyErrcodeVariables } from '../../src/cli/empty-environment.js';

const CLI = join(process.cwd(), 'dist', 'cli', 'main.js');

describe('dropEmptyErrcodeVariables', () => {
  it('deletes only empty ERRCODE_* variables', () => {
    const env: NodeJS.ProcessEnv = { ERRCODE_CONFIG: '', ERRCODE_WEB_LISTEN_ADDRESS: ':1', HOME: '', ERRCODE_X: ' ' };
    expect(dropEmptyErrcodeVariables(env)).toEqual(['ERRCODE_CONFIG']);
    expect(env).toEqual({ ERRCODE_WEB_LISTEN_ADDRESS: ':1', HOME: '', ERRCODE_X: ' ' });
  });
});

describe('the CLI with empty ERRCODE_* variables', () => {
  it('healthcheck treats ERRCODE_CONFIG= as unset: unreachable (exit 1), not a bad config (exit 2)', () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ERRCODE_')));
    // Port 1 on loopback: nothing listens there, so the probe is unhealthy rather than refused at load.
    const res = spawnSync(process.execPath, [CLI, 'healthcheck', '--timeout', '2s', '--web.listen-address', '127.0.0.1:1'], {
      encoding: 'utf8',
      env: { ...clean, ERRCODE_CONFIG: '', ERRCODE_WEB_CONFIG_FILE: '' },
      timeout: 30_000,
    });
    expect(res.stderr).toMatch(/^errcode-exporter: unhealthy: /);
    expect(res.status).toBe(1);
  });
});
