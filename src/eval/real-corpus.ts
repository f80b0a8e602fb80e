// The real-world corpus (test/fixtures/real/): verbatim log lines from public sources, each with its citation
// and the events it must yield. Loaded through parseYamlFile, so a broken case is reported as file:line:col.
import { z } from 'zod';
import { FAMILY_ID_PATTERN } from '../catalog/catalog-schema.js';
import type { LoadError } from '../load/load-error.js';
import { parseYamlFile } from '../load/parse-yaml-file.js';
import { listDataFiles } from '../load/read-data-files.js';

const expectedSchema = z.strictObject({
  family: z.string().regex(FAMILY_ID_PATTERN, 'a family id is lowercase words joined by "-"'),
  code: z.string({ error: 'code must be a quoted string' }).min(1),
});

const caseSchema = z.strictObject({
  line: z.string(),
  source: z.string().min(1, 'every line cites where it came from'),
  events: z.array(expectedSchema),
  note: z.string().optional(),
});

const corpusFileSchema = z.strictObject({ cases: z.array(caseSchema) });

export interface ExpectedCode {
  readonly family: string;
  readonly code: string;
}

export interface CorpusCase {
  /** `file:line` of the case, for reports. */
  readonly at: string;
  readonly line: string;
  readonly source: string;
  readonly events: readonly ExpectedCode[];
}

/** Every case of every `*.yaml` directly inside `dir`, in file-name order; all problems at once. */
export function loadCorpus(dir: string): { cases: CorpusCase[]; errors: LoadError[] } {
  const { files, errors } = listDataFiles(dir, 'corpus');
  const cases: CorpusCase[] = [];
  for (const file of files) {
    const parsed = parseYamlFile(file, corpusFileSchema);
    errors.push(...parsed.errors);
    parsed.value?.cases.forEach((c, i) => {
      cases.push({ at: `${file}:${parsed.positionOf(['cases', i, 'line']).line}`, line: c.line, source: c.source, events: c.events });
    });
  }
  return { cases, errors };
}
