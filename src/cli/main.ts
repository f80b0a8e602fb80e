#!/usr/bin/env node
// The errcode-exporter command line: one program, one subcommand per job, each in its own file.
// Must come first: turns on V8's linear-time fallback for regexes before any rule is compiled.
import '../regex/safe-regex.js';
import { Command } from 'commander';
import { registerCatalogCommand } from './commands/catalog.js';
import { registerCheckCommand } from './commands/check.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerHealthcheckCommand } from './commands/healthcheck.js';
import { registerRunCommand } from './commands/run.js';
import { registerScanCommand } from './commands/scan.js';
import { dropEmptyErrcodeVariables } from './empty-environment.js';
import { buildInfo } from './package-info.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('errcode-exporter')
    .description(
      'Finds vendor error codes (Ascend CANN/aclnn, ACL runtime, CANN error messages, NPU device faults, LLM-DataDist, ' +
        'HarmonyOS Core Vision, speech SDK, Huawei Cloud) in logs, explains them from catalogs built from the vendors\' references, classifies ' +
        'them retryable or fatal, and exports counts as Prometheus metrics.',
    )
    .version(buildInfo(), '-V, --version', 'print the version, source revision and Node.js runtime')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    // Usage errors exit 2, never 1: exit 1 means "found what --fail-on asked about" or "unknown code",
    // and a CI gate must not mistake a typo for a finding. Commander copies this to every subcommand.
    .exitOverride((err) => process.exit(err.exitCode === 1 ? 2 : err.exitCode));
  registerScanCommand(program);
  registerRunCommand(program);
  registerExplainCommand(program);
  registerCatalogCommand(program);
  registerCheckCommand(program);
  registerHealthcheckCommand(program);
  program.addHelpText(
    'after',
    '\nExamples:\n' +
      '  errcode-exporter explain 161002\n' +
      '  errcode-exporter explain LLM_WAIT_PROCESS_TIMEOUT --lang zh\n' +
      '  errcode-exporter scan /var/log/npu/slog/**/*.log --fail-on fatal\n' +
      '  errcode-exporter run --watch \'~/ascend/log/debug/plog/*.log\' --positions /var/lib/errcode/positions.json\n' +
      '  errcode-exporter catalog list --format table --family llm-datadist\n',
  );
  return program;
}

dropEmptyErrcodeVariables(process.env);
buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`errcode-exporter: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  });
