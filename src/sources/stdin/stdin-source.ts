// Standard input as a Source of the topology (run's `-`): readStdin's lines, which start on subscription
// and complete at the end of input. Nothing to checkpoint: a pipe cannot be read again.
import type { Source } from '../../pipeline/components.js';
import type { ReadStdinOptions } from './read-stdin.js';
import { readStdin, STDIN_SOURCE } from './read-stdin.js';

export function stdinSource(opts: ReadStdinOptions): Source {
  return {
    name: STDIN_SOURCE,
    lines$: readStdin(opts),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    describe: () => ({ name: STDIN_SOURCE, kind: 'stdin', include: ['-'] }),
  };
}
