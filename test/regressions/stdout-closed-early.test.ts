// Regression: `errcode-exporter catalog list --format json | head -c 1` printed Node's "Unhandled 'error' event ...
// write EPIPE" stack trace and exited 1, which means "found" or "unknown code" to a script. Only `scan` ended quietly
// (its handler came after its knowledge loaded). Every one-shot command now ends with the status it has, silently;
// through the launcher too, whose scan starts from the V8 snapshot with a stdout of its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const tmp = mkdtempSync(join(tmpdir(), 'stdout-closed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `command | head -c 1`: the command's exit status and what it wrote to stderr. */
function intoHead(command: string): { status: string; stderr: string } {
  const err = join(tmp, 'stderr');
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync('bash', ['-c', `${command} 2>${JSON.stringify(err)} | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: ROOT, env, encoding: 'utf8' });
  return { status: r.stdout.trim(), stderr: readFileSync(err, 'utf8') };
}

describe('a one-shot command whose reader goes away', () => {
  const events = join(tmp, 'codes.log');
  // ~5,000 code lines: their events are far more than a pipe holds (64 KiB).
  writeFileSync(events, readFileSync('examples/logs/mixed.log', 'utf8').repeat(100));
  const node = JSON.stringify(process.execPath);
  const commands = [
    `${node} dist/cli/main.js catalog list --format json`,
    `${node} dist/cli/main.js scan --events ${JSON.stringify(events)}`,
    `bin/errcode-exporter scan --events ${JSON.stringify(events)}`,
  ];
  for (const command of commands) {
    it(`${command.replace(node, 'node').replace(tmp, '<tmp>')} | head -c 1: exit 0, nothing on stderr`, () => {
      expect(intoHead(command)).toEqual({ status: '0', stderr: '' });
    });
  }
});
