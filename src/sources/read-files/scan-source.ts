// scan's inputs (files, .gz files and stdin, one after another) as one Source of the topology: its lines
// start on subscription and complete once every input was read to its end or to its read error.
import type { Source } from '../../pipeline/components.js';
import type { ScanInput } from './expand-inputs.js';
import type { ReadInputsOptions } from './read-inputs.js';
import { readInputs, SCAN_SOURCE } from './read-inputs.js';

export function scanSource(inputs: readonly ScanInput[], opts: ReadInputsOptions): Source {
  return {
    name: SCAN_SOURCE,
    lines$: readInputs(inputs, opts),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    describe: () => ({ name: SCAN_SOURCE, kind: 'scan', include: inputs.map((i) => (i.kind === 'stdin' ? '-' : i.path)) }),
  };
}
