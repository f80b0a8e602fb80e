// Loads catalogs/<family>.yaml files into one frozen CatalogIndex, or throws LoadErrors listing every
// problem in every file (syntax, schema, collisions, overlaps) as file:line:col, sorted.
import { basename } from 'node:path';
import type { LoadError } from '../load/load-error.js';
import { LoadErrors, sortLoadErrors } from '../load/load-error.js';
import { contentVersion } from '../load/content-version.js';
import { parseYamlFile } from '../load/parse-yaml-file.js';
import { DATA_FILE_SUFFIX, listDataFiles } from '../load/read-data-files.js';
import { PrebuiltValues } from '../load/prebuilt.js';
import type { CatalogIndex } from './catalog-types.js';
import type { CatalogFamilyInput } from './build-catalog-index.js';
import { buildCatalogIndex } from './build-catalog-index.js';
import { catalogSchemas } from './catalog-schema.js';
import { checkCatalogEntries } from './check-catalog-entries.js';

/** The bundled catalogs as the start-up snapshot's build loaded them (load/prebuilt.ts). */
const prebuiltCatalogs = new PrebuiltValues<CatalogIndex>('catalogs');

/** Loads every `*.yaml` directly inside `dir` (not `overlays/`), in file-name order. */
export function loadCatalogs(dir: string): CatalogIndex {
  return prebuiltCatalogs.orLoad('', dir, () => {
    const { files, errors } = listDataFiles(dir, 'catalog');
    if (errors.length > 0) throw new LoadErrors(errors);
    return loadCatalogFiles(files);
  });
}

/** Loads the given catalog files; a family may be defined by one file only. */
export function loadCatalogFiles(files: readonly string[]): CatalogIndex {
  const errors: LoadError[] = [];
  const inputs: CatalogFamilyInput[] = [];
  const familyFiles = new Map<string, string>();
  for (const file of files) {
    const parsed = parseYamlFile(file, () => catalogSchemas().catalogFileSchema, 'catalog');
    errors.push(...parsed.errors);
    const text = parsed.text;
    if (parsed.value === undefined || text === undefined) continue;
    const data = parsed.value;
    const at = (message: string): LoadError => ({ file, ...parsed.positionOf(['family']), message });

    const expected = basename(file, DATA_FILE_SUFFIX);
    if (data.family !== expected) {
      errors.push(at(`family "${data.family}" does not match the file name: ${basename(file)} must hold family "${expected}"`));
    }
    const previous = familyFiles.get(data.family);
    if (previous !== undefined) {
      errors.push(at(`family "${data.family}" is already defined in ${previous}`));
      continue;
    }
    familyFiles.set(data.family, file);
    errors.push(...checkCatalogEntries(file, data, parsed.positionOf));
    inputs.push({
      family: { id: data.family, title: { en: data.title.en, zh: data.title.zh }, seed: data.seed, file, version: contentVersion(text) },
      entries: data.entries,
    });
  }
  if (errors.length > 0) throw new LoadErrors(sortLoadErrors(errors));
  return buildCatalogIndex(inputs);
}

