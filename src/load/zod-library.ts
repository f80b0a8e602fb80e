// zod, loaded on first use: a start-up whose catalogs and rules all come from the build's snapshot (scan,
// explain) never validates anything and never loads it (~40 ms and ~10 MiB of a ~130 ms start). Its CommonJS
// build, required synchronously, because loading knowledge stays synchronous (as parse-yaml-file.ts does for
// yaml). Only for schemas that are self-contained: a schema built from this copy must not be mixed with one
// built from `import { z } from 'zod'` (the run config's), which is a second copy of the library.
import { createRequire } from 'node:module';
import type * as ZodLibrary from 'zod';

let library: typeof ZodLibrary | undefined;

export function zodLibrary(): typeof ZodLibrary {
  return (library ??= createRequire(import.meta.url)('zod') as typeof ZodLibrary);
}
