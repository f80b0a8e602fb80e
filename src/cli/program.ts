// The errcode-exporter program: its subcommands, help and exit codes, started by dist/cli/main.js (every command,
// each loaded when run) or from the V8 start-up snapshot (scan and explain, loaded at build: startup-snapshot.ts).
import { Command } from './commander.js';
import { dropEmptyErrcodeVariables } from './empty-environment.js';
import { buildInfo } from './package-info.js';

export type Register = (program: Command) => void;
/** A subcommand's name and how to get the function that adds it to a program. */
export type CommandLoader = readonly [name: string, load: () => Promise<Register>];

/**
 * Every subcommand, in help order, with the module that defines it. Only the one being run is loaded (each
 * imports what its action needs; all six cost ~7 ms of a scan's start-up); all are for help, --version and a
 * name that is no command (commander suggests the nearest).
 */
export const COMMANDS: readonly CommandLoader[] = [
  ['scan', async () => (await import('./commands/scan.js')).registerScanCommand],
  ['run', async () => (await import('./commands/run.js')).registerRunCommand],
  ['explain', async () => (await import('./commands/explain.js')).registerExplainCommand],
  ['catalog', async () => (await import('./commands/catalog.js')).registerCatalogCommand],
  ['check', async () => (await import('./commands/check.js')).registerCheckCommand],
  ['healthcheck', async () => (await import('./commands/healthcheck.js')).registerHealthcheckCommand],
];

/**
 * The program with the subcommand `argv` names (the first argument, as commander reads it), or with all of
 * `commands`.
 */
export async function buildProgram(argv: readonly string[] = process.argv, commands: readonly CommandLoader[] = COMMANDS): Promise<Command> {
  const named = commands.filter(([name]) => name === argv[2]);
  const registers = await Promise.all((named.length > 0 ? named : commands).map(([, load]) => load()));
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

/** Runs the command `process.argv` names; what a start ends with, whichever way it started. */
export function runProgram(commands: readonly CommandLoader[] = COMMANDS): void {
  dropEmptyErrcodeVariables(process.env);
  buildProgram(process.argv, commands)
    .then((program) => program.parseAsync(process.argv))
    .catch((err: unknown) => {
      process.stderr.write(`errcode-exporter: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    });
}
