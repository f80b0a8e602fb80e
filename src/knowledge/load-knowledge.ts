// Knowledge: catalogs and compiled rules loaded, checked against each other and frozen together, so a
// reload swaps both at once or neither. Every problem in either is reported in one LoadErrors.
import type { CatalogIndex } from '../catalog/catalog-types.js';
import { loadCatalogs } from '../catalog/load-catalogs.js';
import type { LoadError } from '../load/load-error.js';
import { LoadErrors, sortLoadErrors } from '../load/load-error.js';
import { contentVersion } from '../load/content-version.js';
import { compileRulesDir } from '../rules/load-rules.js';
import type { RuleOptions } from '../rules/load-rules.js';
import type { CompiledRuleSet } from '../rules/rule-types.js';

export interface Knowledge {
  readonly catalog: CatalogIndex;
  readonly rules: CompiledRuleSet;
  /** Short hash over the catalog files' and rule files' contents; changes when either does. */
  readonly version: string;
}

/** Loads catalogs and rules, checks every rule file's family exists in the catalog. Throws LoadErrors with all problems. */
export function loadKnowledge(opts: { catalogDir: string; rulesDir: string; context?: RuleOptions['context'] }): Knowledge {
  const errors: LoadError[] = [];
  let catalog: CatalogIndex | undefined;
  try {
    catalog = loadCatalogs(opts.catalogDir);
  } catch (err) {
    if (!(err instanceof LoadErrors)) throw err;
    errors.push(...err.errors);
  }
  const { ruleSet, errors: ruleErrors } = compileRulesDir(opts.rulesDir, { context: opts.context });
  errors.push(...ruleErrors);
  if (catalog !== undefined && ruleSet !== undefined) errors.push(...familyProblems(catalog, ruleSet));
  if (errors.length > 0 || catalog === undefined || ruleSet === undefined) throw new LoadErrors(sortLoadErrors(errors));
  return freezeKnowledge(catalog, ruleSet);
}

/** Joins an already loaded catalog and rule set (tests, reloads of one side). Throws LoadErrors on a family mismatch. */
export function createKnowledge(catalog: CatalogIndex, rules: CompiledRuleSet): Knowledge {
  const problems = familyProblems(catalog, rules);
  if (problems.length > 0) throw new LoadErrors(problems);
  return freezeKnowledge(catalog, rules);
}

/** A rule file whose family the catalog does not define could only ever produce unknown events. */
export function familyProblems(catalog: CatalogIndex, rules: CompiledRuleSet): LoadError[] {
  const known = new Set(catalog.families.map((f) => f.id));
  const list = [...known].sort().join(', ');
  return rules.files
    .filter((f) => !known.has(f.family))
    .map((f) => ({ file: f.file, ...f.familyPosition, message: `family "${f.family}" has no catalog (catalogs define: ${list || 'none'})` }));
}

function freezeKnowledge(catalog: CatalogIndex, rules: CompiledRuleSet): Knowledge {
  const catalogVersions = catalog.families.map((f) => `${f.id}:${f.version}`).join('\n');
  const version = contentVersion(`${catalogVersions}\nrules:${rules.version}`);
  return Object.freeze({ catalog, rules, version });
}
