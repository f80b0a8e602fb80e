// A tiny in-memory CatalogIndex for metrics tests, independent of the catalog loader.
import type { CatalogEntry, CatalogFamily, CatalogIndex } from '../../../src/catalog/catalog-types.js';
import type { CodeClass } from '../../../src/types.js';

export interface FakeEntry {
  family: string;
  code: string;
  name?: string;
  class: CodeClass;
  message?: string;
  remedy?: string;
  httpStatus?: number;
  recoverable?: boolean;
  contextClass?: CodeClass;
}

export function fakeCatalog(entries: readonly FakeEntry[], version = 'v1'): CatalogIndex {
  const full: CatalogEntry[] = entries.map((e) => ({
    family: e.family,
    code: e.code,
    name: e.name ?? '',
    aliases: [],
    httpStatus: e.httpStatus,
    recoverable: e.recoverable,
    message: { en: e.message ?? `meaning of ${e.code}`, zh: '' },
    remedy: { en: e.remedy ?? `remedy for ${e.code}`, zh: '' },
    class: e.class,
    classBasis: 'policy',
    classReason: 'test',
    contexts: e.contextClass ? [{ when: { api: ['PullKvCache'] }, class: e.contextClass, reason: 'test' }] : [],
    source: 'doc:test',
  }));
  const familyIds = [...new Set(full.map((e) => e.family))];
  const families: CatalogFamily[] = familyIds.map((id) => ({
    id,
    title: { en: id, zh: id },
    seed: 'test',
    file: `${id}.yaml`,
    version,
  }));
  return {
    families,
    entries: (family?: string) => (family === undefined ? full : full.filter((e) => e.family === family)),
    lookup: (family: string, spelling: string) => full.find((e) => e.family === family && e.code === spelling),
    find: (spelling: string) => full.filter((e) => e.code === spelling),
  };
}
