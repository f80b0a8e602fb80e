// The run's tailed file inputs as one Source of the topology: a view of the InputSet (which keeps each input
// its own FileTailSource, so a config reload starts and stops inputs without touching the others). The
// positions it reports are what the checkpoint writes; they are its own kind of position (per file identity).
import type { Source, SourceDescription } from '../pipeline/components.js';
import type { FileInput } from '../sources/files/file-input.js';
import type { PositionRecord, Positions } from '../sources/files/positions-file.js';
import type { InputSet } from './input-set.js';

export const FILES_SOURCE_KIND = 'files';

export function filesSource(set: InputSet, startWith: () => { readonly inputs: readonly FileInput[]; readonly resume: Positions | undefined }): Source {
  let inputs: readonly FileInput[] = [];
  return {
    name: FILES_SOURCE_KIND,
    lines$: set.lines$,
    start: () => {
      const first = startWith();
      inputs = first.inputs;
      return set.start(first.inputs, first.resume);
    },
    positions: (): readonly PositionRecord[] => set.positions(),
    stop: () => set.stop(),
    describe: (): SourceDescription => ({ name: FILES_SOURCE_KIND, kind: FILES_SOURCE_KIND, include: inputs.flatMap((i) => i.include) }),
  };
}
