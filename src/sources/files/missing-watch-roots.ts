// The base directories of configured globs that do not exist at start: usually a typo or a host path not
// mounted into the container. The tailer waits for them to appear (that is right for a log directory
// created later), so without this warning such a mistake would look like a quiet log.
import { statSync } from 'node:fs';
import type { FileInput } from './file-input.js';
import { compileFileMatcher } from './file-matcher.js';
import type { MatcherEnv } from './file-matcher.js';

export interface MissingRoot {
  readonly input: string;
  readonly glob: string;
  readonly dir: string;
}

export function missingWatchRoots(inputs: readonly FileInput[], env?: MatcherEnv): MissingRoot[] {
  const missing: MissingRoot[] = [];
  for (const input of inputs) {
    for (const glob of input.include) {
      const [root] = compileFileMatcher([glob], [], env).roots;
      if (root !== undefined && !isDirectory(root.dir)) missing.push({ input: input.name, glob, dir: root.dir });
    }
  }
  return missing;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
