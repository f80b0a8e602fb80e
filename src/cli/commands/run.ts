// `errcode-exporter run`: the daemon. Tails files (and stdin) through rotation, truncation and restarts,
// turns lines into code events, and hands them to the attached sinks. SIGTERM/SIGINT: stop reading, write
// the final checkpoint, exit 0. SIGHUP: reload the config, rules and catalogs, reopen and re-scan the files.
// The config, rules and catalogs also reload by themselves when their files change (docs/reload.md).
import { resolve } from 'node:path';
import { Option } from '../commander.js';
import type { Command } from 'commander';
import type { RunConfig, RunFlags } from '../../config/load-run-config.js';
import { parseDuration } from '../../config/duration.js';
import type { Knowledge } from '../../knowledge/load-knowledge.js';
import { LoadErrors } from '../../load/load-error.js';
import { reportLoadErrors } from '../../load/report-load-errors.js';
import { missingWatchRoots } from '../../sources/files/missing-watch-roots.js';
import { createLogger, isLogFormat, isLogLevel, LOG_FORMATS, LOG_LEVELS } from '../create-logger.js';
import type { Logger } from '../create-logger.js';
import type { RunExtension } from '../../run/run-context.js';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, readPackageVersion } from '../package-info.js';

interface RunOptions {
  config?: string;
  watch: string[];
  name: string;
  positions?: string;
  fromBeginning?: boolean;
  poll?: boolean;
  events?: boolean;
  checkpointInterval?: string;
  rules?: string;
  catalogs?: string;
  'web.listenAddress'?: string;
  'web.config.file'?: string;
  'web.telemetryPath'?: string;
  statusSamples?: boolean;
  'log.level': string;
  'log.format': string;
}

const HELP = `
Files present at start are read from their end (--from-beginning: from their start); files that appear
later from their first byte; files with a saved position (--positions) from where reading stopped.
Rotation (rename, copytruncate), truncation, deletion and replacement are followed. See docs/tailing.md.

Signals: SIGTERM/SIGINT stop reading, save positions and exit 0 (1 if the positions could not be
written); SIGHUP reloads the config, rules and
catalogs and reopens and re-scans the files. Changed rules, catalogs and config files are also reloaded by
themselves; a bad file keeps the running version (see docs/reload.md).

Examples:
  errcode-exporter run --watch '~/ascend/log/debug/plog/*.log' --positions /var/lib/errcode/positions.json
  errcode-exporter run --watch '/var/log/npu/slog/**' --name host --watch '/var/log/vllm/*.log' --events
  kubectl logs -f deploy/vllm | errcode-exporter run - --events
  errcode-exporter run --config /etc/errcode-exporter/config.yaml
`;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .summary('follow log files (and stdin) live and count every error code')
    .description('Tails log files through rotation, truncation and restarts, and counts every vendor error code found.')
    .argument('[stdin]', '- to read standard input too')
    .addOption(new Option('--config <file>', 'run config file (YAML; keys mirror these flags)').env('ERRCODE_CONFIG'))
    .option('--watch <glob>', 'files to follow (repeatable; quote the glob)', collect, [])
    .option('--name <name>', 'source label of the --watch files', 'files')
    .option('--positions <file>', 'where to save read positions, to resume after a restart')
    .option('--from-beginning', 'read files present at start from their first byte (when they have no saved position)')
    .option('--poll', 'poll files instead of using inotify (NFS, some container volumes)')
    .option('--checkpoint-interval <duration>', 'how often positions are saved (default 5s)')
    .option('--events', 'print one JSON code event per line to stdout')
    .option('--rules <dir>', 'extraction rules directory (default: the bundled rules)')
    .option('--catalogs <dir>', 'catalogs directory (default: the bundled catalogs)')
    .addOption(new Option('--web.listen-address <host:port>', 'where to serve /metrics, /healthz, /readyz and the status page / (default :10135)').env('ERRCODE_WEB_LISTEN_ADDRESS'))
    .addOption(new Option('--web.config.file <file>', 'TLS and basic auth, in the Prometheus exporter-toolkit web config format').env('ERRCODE_WEB_CONFIG_FILE'))
    .addOption(new Option('--web.telemetry-path <path>', 'where to serve the metrics (default /metrics)').env('ERRCODE_WEB_TELEMETRY_PATH'))
    .option('--no-status-samples', 'show no log lines on the status page (for logs that may hold secrets)')
    .option('--log.level <level>', `the exporter's own log: ${LOG_LEVELS.join(', ')} (debug adds files discovered, rotated and released)`, 'info')
    .option('--log.format <format>', `the exporter's own log: ${LOG_FORMATS.join(', ')} (logfmt and json carry a timestamp and a level)`, 'text')
    .addHelpText('after', HELP)
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(async (stdinArg: string | undefined, opts: RunOptions) => {
      process.exitCode = await run(stdinArg, opts);
    });
}

/** What is attached to a run. The exporter's metrics and HTTP server attach here, next to --events. */
function runExtensions(opts: RunOptions): RunExtension[] {
  const extensions: RunExtension[] = [];
  if (opts.events) extensions.push(eventsToStdout);
  // The exporter's metrics and HTTP server; loaded on use like the rest of run.
  extensions.push(async (ctx) => {
    const { exporterExtension } = await import('../../server/exporter-extension.js');
    return exporterExtension({
      listenAddress: opts['web.listenAddress'], webConfigFile: opts['web.config.file'], statusSamples: opts.statusSamples, telemetryPath: opts['web.telemetryPath'],
    })(ctx);
  });
  return extensions;
}

const eventsToStdout: RunExtension = async (ctx) => {
  const { JsonlEventSink } = await import('../../sinks/jsonl/jsonl-event-sink.js');
  const sink = new JsonlEventSink(process.stdout, (err) => ctx.log(`Writing events to standard output failed (${err.message}); events are no longer printed.`));
  return { onEvent: (e) => sink.write(e), flush: () => sink.flush(), readGate: () => sink.readGate(), close: () => sink.close() };
};

let logger: Logger = createLogger({ level: 'info', format: 'text' });
const log = (sentence: string): void => logger.info(sentence);

async function run(stdinArg: string | undefined, opts: RunOptions): Promise<number> {
  const level = opts['log.level'];
  const format = opts['log.format'];
  if (!isLogLevel(level) || !isLogFormat(format)) {
    log(`--log.level must be one of ${LOG_LEVELS.join(', ')} and --log.format one of ${LOG_FORMATS.join(', ')}, not "${level}" and "${format}".`);
    return 2;
  }
  logger = createLogger({ level, format });
  if (stdinArg !== undefined && stdinArg !== '-') {
    logger.error(`Unexpected argument "${stdinArg}": files to follow are given with --watch '<glob>', standard input with -.`);
    return 2;
  }
  const checkpointIntervalMs = opts.checkpointInterval === undefined ? undefined : parseDuration(opts.checkpointInterval);
  if (checkpointIntervalMs === 0 || (opts.checkpointInterval !== undefined && checkpointIntervalMs === undefined)) {
    logger.error(`--checkpoint-interval must be a positive duration like 500ms or 5s, not "${opts.checkpointInterval}".`);
    return 2;
  }
  const flags: RunFlags = {
    config: opts.config, watch: opts.watch, name: opts.name, stdin: stdinArg === '-', positions: opts.positions,
    fromBeginning: opts.fromBeginning === true, poll: opts.poll === true, checkpointIntervalMs, rules: opts.rules, catalogs: opts.catalogs,
    web: { listenAddress: opts['web.listenAddress'], telemetryPath: opts['web.telemetryPath'] },
  };
  // Loaded on use: the other commands should not pay for the tailer and the pipeline.
  const [{ loadRunConfig }, { loadKnowledge }, { startRun }] = await Promise.all([
    import('../../config/load-run-config.js'),
    import('../../knowledge/load-knowledge.js'),
    import('../../run/start-run.js'),
  ]);
  let config: RunConfig;
  let knowledge: Knowledge;
  try {
    config = loadRunConfig(flags, { rulesDir: DEFAULT_RULES_DIR, catalogDir: DEFAULT_CATALOG_DIR });
    knowledge = loadKnowledge({ catalogDir: config.catalogDir, rulesDir: config.rulesDir, context: config.context });
  } catch (err) {
    if (!(err instanceof LoadErrors)) throw err;
    return reportLoadErrors(err, 'the configuration, rules or catalogs', 'nothing was started');
  }

  for (const m of missingWatchRoots(config.inputs)) {
    logger.warn(`The directory ${m.dir} of input ${m.input} ('${m.glob}') does not exist; its files are read once it is created. Is the path right, and mounted?`);
  }
  const exporter = await startRun({
    config, knowledge, log, debug: logger.debug, version: readPackageVersion(), extensions: runExtensions(opts),
    configFile: flags.config === undefined ? undefined : {
      path: resolve(flags.config),
      load: () => loadRunConfig(flags, { rulesDir: DEFAULT_RULES_DIR, catalogDir: DEFAULT_CATALOG_DIR }),
    },
  });
  log(`Running with ${config.inputs.length} input${config.inputs.length === 1 ? '' : 's'}${config.stdin ? ' and standard input' : ''}.`);

  const stopped = new Promise<string>((resolve) => {
    // After the first one, a second SIGTERM or SIGINT gets the default action: it kills a stuck shutdown.
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    void exporter.ended.then(() => resolve('the end of standard input'));
  });
  const onHangup = (): void => {
    log(`SIGHUP: reloading ${flags.config === undefined ? '' : 'the run config, '}rules and catalogs, reopening and re-scanning files.`);
    exporter.reload().catch((err: unknown) => logger.warn(`Reloading failed (${(err as Error).message}).`));
  };
  process.on('SIGHUP', onHangup);
  const reason = await stopped;
  log(`Stopping on ${reason}: saving positions.`);
  const saved = await exporter.stop();
  process.off('SIGHUP', onHangup);
  if (!saved) {
    // A supervisor must see this: the next start replays everything since the last checkpoint that was written.
    logger.error('Stopped, but the final positions could not be written: the next start reads again from the last saved ones.');
    process.exit(1);
  }
  log('Stopped.');
  // Standard input (if read) would keep the process alive; everything is saved and flushed by now.
  process.exit(0);
}
