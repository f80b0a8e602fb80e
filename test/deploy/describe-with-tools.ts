// Runs a suite only where the real tools it drives are installed. Outside CI a missing tool skips the suite
// with the reason in its title; under CI=true a missing tool is a failure, because .ci/apt-packages installs them.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

/** The absolute path of an executable on PATH, or undefined. */
export function findTool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function describeWithTools(tools: readonly string[], title: string, body: () => void): void {
  const missing = tools.filter((t) => findTool(t) === undefined);
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const why = `${missing.join(', ')} not installed (apt-get install -y $(cat .ci/apt-packages))`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('has the tools it needs', () => {
        throw new Error(`${why}; under CI these are required`);
      });
    });
    return;
  }
  describe.skip(`${title} [skipped: ${why}]`, body);
}
