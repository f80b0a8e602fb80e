#!/usr/bin/env node
// The errcode-exporter command line: one program, one subcommand per job, each in its own file.
// Turns on V8's linear-time fallback for regexes. Rule regexes are compiled by that module's compileSafeRegex, so its
// flags are set before the first of them whatever order modules are evaluated in (the bundle moves this import
// after the chunks with named imports); imported here so every command has the flags from its start.
import '../regex/safe-regex.js';
import { Command } from './commander.js';
import { dropEmptyErrcodeVariables } from './empty-environment.js';
import { buildInfo } from './package-info.js';

type Register = (program: Command) => void;

/**
 * Every subcommand, in help order, with the module that defines it. Only the one being run is loaded (each
 * imports what its action needs; all six cost ~7 ms of a scan's start-up); all are for help, --version and a
 * name that is no command (commander suggests the nearest).
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Register>]> = [
  ['scan', async () => (await import('./commands/scan.js')).registerScanCommand],
  ['run', async () => (await import('./commands/run.js')).registerRunCommand],
  ['explain', async () => (await import('./commands/explain.js')).registerExplainCommand],
  ['catalog', async () => (await import('./commands/catalog.js')).registerCatalogCommand],
  ['check', async () => (await import('./commands/check.js')).registerCheckCommand],
  ['healthcheck', async () => (await import('./commands/healthcheck.js')).registerHealthcheckCommand],
];

/** The program with the subcommand `argv` names (the first argument, as commander reads it), or with all of them. */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const named = COMMANDS.filter(([name]) => name === argv[2]);
  const registers = await Promise.all((named.length > 0 ? named : COMMANDS).map(([, load]) => load()));
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
  for (const register of registers) register(program);
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
  .then((program) => program.parseAsync(process.argv))
  .catch((err: unknown) => {
    process.stderr.write(`errcode-exporter: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  });
