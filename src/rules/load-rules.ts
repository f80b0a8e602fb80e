// Loads rules/*.yaml into one frozen CompiledRuleSet, or reports every problem in every file (YAML,
// schema, regex, anchors, duplicate ids) as file:line:col, sorted. A rule set is all valid or not loaded.
import { deepFreeze } from '../catalog/build-catalog-index.js';
import type { LoadError } from '../load/load-error.js';
import { LoadErrors, sortLoadErrors } from '../load/load-error.js';
import { contentVersion } from '../load/content-version.js';
import { parseYamlFile, parseYamlText } from '../load/parse-yaml-file.js';
import { listDataFiles } from '../load/read-data-files.js';
import { PrebuiltValues } from '../load/prebuilt.js';
import { anchorHits, buildAnchorScan, buildByteSearch, buildPrefilter, prefilterLiterals } from './anchor-prefilter.js';
import { compileRuleFile } from './compile-rule-file.js';
import type { RuleFileSource } from './compile-rule-file.js';
import { ruleSchemas } from './rule-schema.js';
import type { CompiledRule, CompiledRuleFile, CompiledRuleSet } from './rule-types.js';

/** Loads every `*.yaml` directly inside `dir`, in file-name order. Throws LoadErrors. */
export function loadRules(dir: string, options: RuleOptions = {}): CompiledRuleSet {
  const { ruleSet, errors } = compileRulesDir(dir, options);
  if (ruleSet === undefined) throw new LoadErrors(errors);
  return ruleSet;
}

/** Loads the given rule files, in the order given. Throws LoadErrors. */
export function loadRuleFiles(files: readonly string[], options: RuleOptions = {}): CompiledRuleSet {
  const { ruleSet, errors } = compileRuleFiles(files, options);
  if (ruleSet === undefined) throw new LoadErrors(errors);
  return ruleSet;
}

/** What compileRulesDir returns. */
interface CompiledRulesDir {
  readonly ruleSet?: CompiledRuleSet;
  readonly errors: LoadError[];
}

/** The bundled rules as the start-up snapshot's build compiled them (load/prebuilt.ts). */
const prebuiltRules = new PrebuiltValues<CompiledRulesDir>('rules');

/** Like loadRules but returns the problems instead of throwing (for `check`). */
export function compileRulesDir(dir: string, options: RuleOptions = {}): CompiledRulesDir {
  return prebuiltRules.orLoad(JSON.stringify(options.context ?? {}), dir, () => {
    const { files, errors } = listDataFiles(dir, 'rule');
    if (errors.length > 0) return { errors };
    return compileRuleFiles(files, options);
  });
}

/** What a deployment adds to the rule files without editing them. */
export interface RuleOptions {
  /** Per family, literals that satisfy the require_context of that family's rules (see compile-rule-file.ts). */
  readonly context?: Readonly<Record<string, readonly string[]>>;
}

export function compileRuleFiles(files: readonly string[], options: RuleOptions = {}): { ruleSet?: CompiledRuleSet; errors: LoadError[] } {
  const errors: LoadError[] = [];
  const compiledFiles: CompiledRuleFile[] = [];
  const idsSeen = new Map<string, string>();
  for (const file of files) {
    const parsed = parseYamlFile(file, () => ruleSchemas().ruleFileSchema, 'rules');
    errors.push(...parsed.errors);
    const text = parsed.text;
    if (text === undefined) continue;
    const data = parsed.value ?? salvageRules(file, text);
    if (data === undefined) continue;
    data.rules.forEach((rule, r) => {
      if (rule === undefined) return;
      const first = idsSeen.get(rule.id);
      if (first !== undefined) {
        const at = parsed.positionOf(['rules', r, 'id']);
        errors.push({ file, ...at, message: `rule id "${rule.id}" is already used at ${first}` });
      } else {
        const at = parsed.positionOf(['rules', r, 'id']);
        idsSeen.set(rule.id, `${file}:${at.line}:${at.col}`);
      }
    });
    const { compiled, errors: compileErrors } = compileRuleFile({
      file,
      text,
      data,
      positionOf: parsed.positionOf,
      version: contentVersion(text),
      extraContext: options.context?.[data.family] ?? [],
    });
    errors.push(...compileErrors);
    if (compiled !== undefined) compiledFiles.push(compiled);
  }
  if (errors.length > 0) return { errors: sortLoadErrors(errors) };
  return { ruleSet: buildRuleSet(compiledFiles), errors };
}

/**
 * For a file that failed the schema: the rules that are valid on their own (others undefined, keeping
 * indexes), so their regex and anchor problems are reported in the same run. Undefined if YAML is broken.
 */
function salvageRules(file: string, text: string): RuleFileSource['data'] | undefined {
  const { looseFileSchema, ruleSchema } = ruleSchemas();
  const loose = parseYamlText(file, text, looseFileSchema).value;
  if (loose === undefined) return undefined;
  const rules = loose.rules.map((r) => {
    const parsed = ruleSchema.safeParse(r);
    return parsed.success ? parsed.data : undefined;
  });
  return { family: loose.family, rules, tests: [] };
}

/** For each rule, the first rule whose pattern (both variants, source and flags) is the same as its own. */
function firstRulesWithSamePattern(rules: readonly CompiledRule[]): number[] {
  const first = new Map<string, number>();
  return rules.map((r, i) => {
    const key = [r.pattern.fast, r.pattern.linear].map((re) => `/${re.source}/${re.flags}`).join(' ');
    const earlier = first.get(key);
    if (earlier !== undefined) return earlier;
    first.set(key, i);
    return i;
  });
}

/** Joins compiled files into the frozen set the transforms read. */
export function buildRuleSet(files: readonly CompiledRuleFile[]): CompiledRuleSet {
  const rules = files.flatMap((f) => f.rules);
  const anchors = rules.flatMap((r) => r.anchors);
  const literals = prefilterLiterals(anchors);
  const set: CompiledRuleSet = {
    files: [...files],
    rules,
    prefilter: buildPrefilter(anchors, literals),
    bytePrefilter: buildByteSearch(anchors, literals),
    anchorScan: buildAnchorScan(anchors),
    anchorHits: anchorHits(rules.map((r) => r.anchors)),
    samePatternAs: firstRulesWithSamePattern(rules),
    version: contentVersion(files.map((f) => f.version).join('\n')),
  };
  // Regexes stay unfrozen: exec updates lastIndex on the global ones.
  for (const f of files) for (const t of f.tests) deepFreeze(t);
  Object.freeze(set.files);
  Object.freeze(set.rules);
  for (const r of rules) Object.freeze(r);
  for (const f of files) Object.freeze(f);
  return Object.freeze(set);
}
