// `errcode-exporter check`: validates catalogs and rules together and runs every rule file's inline
// tests, so a bad rule is caught in CI, not on the first matching log line. Exit 1 when an
// inline test fails, 2 when a file cannot be loaded (like every command's load errors).
import type { Command } from 'commander';
import { dirname, relative, resolve } from 'node:path';
import { loadKnowledge } from '../../knowledge/load-knowledge.js';
import type { Knowledge } from '../../knowledge/load-knowledge.js';
import { LoadErrors } from '../../load/load-error.js';
import { formatLoadErrorLines, LOAD_ERRORS_EXIT_CODE } from '../../load/report-load-errors.js';
import { disableSnapshot } from '../../load/yaml-snapshot.js';
import { runRuleTests } from '../../rules/run-rule-tests.js';
import { endQuietlyWhenStdoutCloses } from '../closed-stdout.js';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../package-info.js';

export interface CheckOptions {
  readonly rules: string;
  readonly catalogs: string;
}

export interface CheckOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description(
      'Validate the catalogs and the rules (every problem as file:line:col) and run every inline test\n' +
        'case in the rule files through the real extract -> enrich -> classify transform.',
    )
    .option('--rules <dir>', 'directory of rule files (*.yaml)', DEFAULT_RULES_DIR)
    .option('--catalogs <dir>', 'directory of catalog files (*.yaml)', DEFAULT_CATALOG_DIR)
    .addHelpText('after', '\nExamples:\n  errcode-exporter check\n  errcode-exporter check --rules ./my-rules --catalogs ./catalogs\n\nExit status: 0 all valid and passing, 1 an inline test failed, 2 a catalog or rule file has problems (each printed as file:line:col).\n')
    .hook('preAction', endQuietlyWhenStdoutCloses)
    .action((opts: CheckOptions) => {
      process.exitCode = runCheck(opts, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
    });
}

/** Prints per-file results and the summary `N passed, N failed`; returns the exit code. */
export function runCheck(opts: CheckOptions, io: CheckOutput): number {
  let knowledge: Knowledge;
  // check validates every file for real, never trusting the build's snapshot of them.
  disableSnapshot();
  try {
    knowledge = loadKnowledge({ catalogDir: opts.catalogs, rulesDir: opts.rules });
  } catch (err) {
    if (!(err instanceof LoadErrors)) throw err;
    // The problems on stderr, the count where the test summary goes; exit 2 like every command's load errors.
    io.err(formatLoadErrorLines(err.errors));
    const n = err.errors.length;
    io.out(`${n} load ${n === 1 ? 'error' : 'errors'}; no tests run\n0 passed, 0 failed\n`);
    return LOAD_ERRORS_EXIT_CODE;
  }
  const show = (file: string): string => relative(process.cwd(), file) || file;
  for (const f of knowledge.catalog.families) {
    io.out(`${show(f.file)}: ok, ${knowledge.catalog.entries(f.id).length} entries (version ${f.version})\n`);
  }
  let passed = 0;
  let failed = 0;
  let noted = 0;
  // The bundled rules' tests pin the bundled catalogs' class, name and level; with other catalogs (an imported
  // faultCode.json, a vendor's error_code.json) those may rightly differ, and are shown as notes.
  const bundledCatalogs = resolve(opts.catalogs) === resolve(DEFAULT_CATALOG_DIR);
  const bundledRuleFile = (file: string): boolean => dirname(resolve(file)) === resolve(DEFAULT_RULES_DIR);
  const catalogFieldsAreNotes = (file: string): boolean => !bundledCatalogs && bundledRuleFile(file);
  for (const result of runRuleTests(knowledge, { catalogFieldsAreNotes })) {
    const rules = knowledge.rules.files.find((f) => f.file === result.file)?.rules.length ?? 0;
    passed += result.passed;
    failed += result.failures.length;
    const failedText = result.failures.length > 0 ? `, ${result.failures.length} failed` : '';
    io.out(`${show(result.file)}: ${rules} rules, ${result.passed} passed${failedText}\n`);
    for (const f of result.failures) {
      const where = `${show(f.test.file)}:${f.test.position.line}:${f.test.position.col}`;
      const rule = f.test.ruleId === undefined ? '' : ` [${f.test.ruleId}]`;
      io.out(`  ${where}${rule} ${JSON.stringify(f.test.text.length > 120 ? `${f.test.text.slice(0, 117)}...` : f.test.text)}\n`);
      for (const p of f.problems) io.out(`    ${p}\n`);
    }
    for (const n of result.notes) {
      noted++;
      const where = `${show(n.test.file)}:${n.test.position.line}:${n.test.position.col}`;
      for (const p of n.problems) io.out(`  ${where} note: ${p} by a test written for the bundled catalogs\n`);
    }
  }
  if (noted > 0) {
    io.out(`${noted} ${noted === 1 ? 'test' : 'tests'} of the bundled rules found their codes, with the class, name or level of your catalogs instead of the bundled ones: notes, not failures\n`);
  }
  io.out(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
