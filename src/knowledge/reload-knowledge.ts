// Loads again only the side of the knowledge that changed (rules, catalogs, or both) and joins it with the
// other side in use, checked against each other and frozen. Throws LoadErrors with every problem; the caller
// keeps the knowledge it has, so a bad file never replaces a good one.
import { loadCatalogs } from '../catalog/load-catalogs.js';
import { LoadErrors } from '../load/load-error.js';
import { compileRulesDir } from '../rules/load-rules.js';
import type { RuleOptions } from '../rules/load-rules.js';
import type { Knowledge } from './load-knowledge.js';
import { createKnowledge, loadKnowledge } from './load-knowledge.js';

import type { KnowledgeKind } from '../run/reload.js';

export function reloadKnowledge(
  current: Knowledge,
  kinds: ReadonlySet<KnowledgeKind>,
  dirs: { readonly rulesDir: string; readonly catalogDir: string; readonly context?: RuleOptions['context'] },
): Knowledge {
  if (kinds.size === 0) throw new Error('reloadKnowledge: nothing to reload');
  if (kinds.has('rules') && kinds.has('catalog')) return loadKnowledge({ rulesDir: dirs.rulesDir, catalogDir: dirs.catalogDir, context: dirs.context });
  if (kinds.has('catalog')) return createKnowledge(loadCatalogs(dirs.catalogDir), current.rules);
  const { ruleSet, errors } = compileRulesDir(dirs.rulesDir, { context: dirs.context });
  if (ruleSet === undefined) throw new LoadErrors(errors);
  return createKnowledge(current.catalog, ruleSet);
}
