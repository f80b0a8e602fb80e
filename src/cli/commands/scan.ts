// `errcode-exporter scan`: reads files, directories, globs, .gz files or stdin once, through the same
// pipeline as the live exporter, and reports every code found. Exit 0 clean, 1 --fail-on matched, 2 errors.
import type { Command } from 'commander';
import { endQuietlyWhenStdoutCloses } from '../closed-stdout.js';
import { Option } from '../commander.js';
import { loadKnowledge, type Knowledge } from '../../knowledge/load-knowledge.js';
import { runScan } from '../../pipeline/run-scan.js';
import { SCAN_SOURCE, STDIN_SOURCE } from '../../sources/read-files/read-inputs.js';
import { MAX_LINE_BYTES } from '../../sources/read-files/read-line-stream.js';
import { LoadErrors } from '../../load/load-error.js';
import { reportLoadErrors } from '../../load/report-load-errors.js';
import type { PromReport } from '../../sinks/report/prom-report.js';
import { CodeReport } from '../../sinks/report/code-report.js';
import type { EventLineWriter } from '../../sinks/report/format-events.js';
import { fanOutStats, ScanStats } from '../../sinks/report/scan-stats.js';
import { expandInputs, type ScanInput } from '../../sources/read-files/expand-inputs.js';
import { scanThreads } from '../../pipeline/parallel/scan-threads.js';
import type { ScanWorkerData, ScanWorkerPool } from '../../pipeline/parallel/scan-in-parallel.js';
import type { EventClass } from '../../types.js';
import { ProgressBar, shouldShowProgress } from '../progress/progress-bar.js';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR, readPackageVersion } from '../package-info.js';

type FailOn = 'fatal' | 'retryable' | 'unknown' | 'any';
interface ScanOptions {
  format: 'table' | 'json' | 'prom';
  events?: boolean;
  failOn?: FailOn;
  rules: string;
  catalogs: string;
  lang: 'en' | 'zh';
  progress: boolean;
  context: string[];
  rotated?: boolean;
  wide?: boolean;
  width?: string;
  workers?: string;
}

const FAIL_ON_CLASSES: Record<FailOn, readonly EventClass[]> = {
  fatal: ['fatal'],
  retryable: ['retryable'],
  unknown: ['unknown'],
  any: ['fatal', 'retryable', 'unknown'],
};

const EXAMPLES = `
Inputs are files, directories (every file under them), globs (quote them) and - for stdin;
.gz files are decompressed. Under a directory, rotated copies of a file that is also there (x.log.1,
x.log.2.gz, x.log-20261204, x.log.gz beside x.log) are skipped and named, unless --rotated.
With no inputs, stdin is read unless it is a terminal.

Exit status: 0 scanned (nothing matched --fail-on), 1 --fail-on matched, 2 bad input, rules or catalogs.

Examples:
  errcode-exporter scan examples/logs
  errcode-exporter scan examples/logs --wide | less -S         # every column on one line per code
  errcode-exporter scan '/var/log/npu/slog/**/*.log' --fail-on fatal
  errcode-exporter scan plog-*.log.gz --format json | jq '.codes[] | select(.class == "fatal")'
  kubectl logs deploy/vllm | errcode-exporter scan - --events
  errcode-exporter scan test-output.log --format prom > scan.prom
  errcode-exporter scan app.log --lang zh --rules ./my-rules --catalogs ./my-catalogs
  errcode-exporter scan voice.log --context 'speech-sdk=[VoiceBot]'   # lines with [VoiceBot] are the speech SDK's
`;

export function registerScanCommand(program: Command): void {
  const command = program
    .command('scan')
    .summary('find and explain every error code in files, directories, globs or stdin, once')
    .description('Scans logs once and reports every vendor error code found: what it is, how often, when, and what to do.')
    .argument('[inputs...]', 'files, directories, globs or - (stdin)')
    .addOption(new Option('--format <format>', 'report format').choices(['table', 'json', 'prom']).default('table'))
    .option('--events', 'print one JSON code event per line instead of a report')
    .addOption(new Option('--fail-on <class>', 'exit 1 when events of this class were found').choices(['fatal', 'retryable', 'unknown', 'any']))
    .option('--rules <dir>', 'extraction rules directory', DEFAULT_RULES_DIR)
    .option('--catalogs <dir>', 'catalogs directory', DEFAULT_CATALOG_DIR)
    .addOption(new Option('--lang <lang>', 'language of meanings and remedies in the table').choices(['en', 'zh']).default('en'))
    .option('--wide', 'table: one line per code with every column (meaning, remedy, all files), never wrapped')
    .option('--width <columns>', 'table: wrap to this many columns (default: the terminal\'s width; not a terminal: as --wide)')
    .option('--no-progress', 'never draw a progress bar (it is only drawn on a terminal, for large inputs)')
    .option(
      '--context <family=text>',
      "a literal that marks a line as that family's (e.g. your app's log tag), for rules that need context; repeatable",
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--workers <n>', 'threads that scan (default: every core, at most 4, for 32 MiB of files or more; 1 below that, for stdin, --events and --format prom)')
    .option('--rotated', 'under a directory, also read rotated copies (x.log.1, x.log.gz beside x.log); skipped and named otherwise')
    .addHelpText('after', EXAMPLES)
    // Usage errors exit 2, so CI cannot mistake a typo for "--fail-on matched" (exit 1).
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .hook('preAction', endQuietlyWhenStdoutCloses)
    .action(async (inputs: string[], opts: ScanOptions) => {
      process.exitCode = await scan(inputs, opts, command);
    });
}

async function scan(args: readonly string[], opts: ScanOptions, command: Command): Promise<number> {
  if (opts.width !== undefined && !(/^\d+$/.test(opts.width) && Number(opts.width) >= 40)) {
    process.stderr.write(`errcode-exporter: --width takes a number of columns, at least 40; got "${opts.width}"\n`);
    return 2;
  }
  if (opts.workers !== undefined && !(/^\d+$/.test(opts.workers) && Number(opts.workers) >= 1 && Number(opts.workers) <= 64)) {
    process.stderr.write(`errcode-exporter: --workers takes a number of threads from 1 to 64; got "${opts.workers}"\n`);
    return 2;
  }
  if (args.length === 0 && process.stdin.isTTY) {
    command.outputHelp();
    return 0;
  }
  const { inputs, problems, notes: inputNotes } = await expandInputs(args.length === 0 ? ['-'] : args, process.cwd(), { rotated: opts.rotated === true });
  if (problems.length > 0) {
    process.stderr.write(`errcode-exporter: ${problems.length === 1 ? 'an input matched' : 'some inputs matched'} nothing:\n${problems.map((p) => `  ${p}\n`).join('')}`);
    return 2;
  }
  for (const note of inputNotes) process.stderr.write(`errcode-exporter: ${note}\n`);

  // The events one by one (--events, the metrics of --format prom) are only on the thread that found them.
  const threads = opts.events || opts.format === 'prom' ? 1 : scanThreads(inputs, opts.workers === undefined ? undefined : Number(opts.workers));
  const knowledgeFiles: KnowledgeFiles = { catalogDir: opts.catalogs, rulesDir: opts.rules, context: parseContextFlags(opts.context) };
  // Started first: the workers start their isolates and load their knowledge while this thread loads its own.
  const pool = threads > 1 ? (await import('../../pipeline/parallel/scan-in-parallel.js')).ScanWorkerPool.start(threads - 1, { knowledge: knowledgeFiles }) : undefined;
  try {
    return await scanInputs(inputs, opts, knowledgeFiles, pool);
  } finally {
    await pool?.close();
  }
}

type KnowledgeFiles = ScanWorkerData['knowledge'];

/** `pool`: the scan's other threads, when it has some. */
async function scanInputs(inputs: readonly ScanInput[], opts: ScanOptions, knowledgeFiles: KnowledgeFiles, pool: ScanWorkerPool | undefined): Promise<number> {
  let knowledge: Knowledge;
  try {
    knowledge = loadKnowledge(knowledgeFiles);
  } catch (err) {
    if (!(err instanceof LoadErrors)) throw err;
    return reportLoadErrors(err, 'the rules or catalogs', 'nothing was scanned');
  }

  const hasStdin = inputs.some((i) => i.kind === 'stdin');
  const sources = [...(inputs.some((i) => i.kind === 'file') ? [SCAN_SOURCE] : []), ...(hasStdin ? [STDIN_SOURCE] : [])];
  const report = new CodeReport();
  const scanStats = new ScanStats();
  const prom: PromReport | undefined =
    opts.format === 'prom' && !opts.events
      ? (await import('../../sinks/report/prom-report.js')).createPromReport(knowledge.catalog, sources, readPackageVersion())
      : undefined;
  // Each output format's module is loaded on use: a scan prints one of them.
  const events: EventLineWriter | undefined = opts.events ? new (await import('../../sinks/report/format-events.js')).EventLineWriter(process.stdout) : undefined;
  const stats = prom ? fanOutStats(scanStats, prom.stats) : scanStats;
  const readErrors: string[] = [];

  const totalBytes = inputs.reduce((sum, i) => sum + (i.kind === 'file' ? i.size : 0), 0);
  let bytesRead = 0;
  const bar = shouldShowProgress({ enabled: opts.progress, isTTY: process.stderr.isTTY === true, totalBytes, hasStdin })
    ? new ProgressBar(process.stderr)
    : undefined;
  const started = Date.now();
  const timer = bar
    ? setInterval(() => bar.draw({ bytes: bytesRead, totalBytes, lines: scanStats.lines, elapsedMs: Date.now() - started }), 250)
    : undefined;
  timer?.unref();

  try {
    if (pool !== undefined) {
      const { scanInParallel, taskBytes } = await import('../../pipeline/parallel/scan-in-parallel.js');
      const { planScanTasks } = await import('../../pipeline/parallel/plan-scan-tasks.js');
      const { mergePartials } = await import('../../pipeline/parallel/merge-partials.js');
      const tasks = planScanTasks(inputs, { threads: pool.workers.length + 1 });
      const partials = await scanInParallel({
        tasks,
        pool,
        knowledge,
        onTaskDone: bar ? (task) => (bytesRead += taskBytes(task)) : undefined,
      });
      const readFailed = new Set<string>();
      for (const partial of await mergePartials(tasks, partials, { report, stats, source: SCAN_SOURCE, knowledge })) {
        for (const line of partial.logs) process.stderr.write(`errcode-exporter: ${line}\n`);
        for (const e of partial.readErrors) {
          if (!readFailed.has(e.path)) readErrors.push(`${e.path}: ${e.message}`);
          readFailed.add(e.path);
        }
      }
    } else await runScan({
      inputs,
      knowledge,
      stats,
      log: (sentence) => process.stderr.write(`errcode-exporter: ${sentence}\n`),
      sinks: [{
        name: 'report',
        write: (e) => {
          report.add(e);
          prom?.recordEvent(e);
          events?.write(e);
        },
        close: () => Promise.resolve(),
      }],
      onBytes: bar ? (n) => (bytesRead += n) : undefined,
      onReadError: (path, err) => readErrors.push(`${path}: ${err.message}`),
    });
  } finally {
    if (timer) clearInterval(timer);
    bar?.clear();
  }

  report.lines = scanStats.lines;
  const notes = scanStats.notes(MAX_LINE_BYTES);
  if (events) events.flush();
  else if (prom) process.stdout.write(await prom.render());
  else if (opts.format === 'json') process.stdout.write((await import('../../sinks/report/format-json.js')).formatJsonReport(report));
  else {
    const { formatTableReport } = await import('../../sinks/report/format-table.js');
    const columns = opts.width !== undefined ? Number(opts.width) : process.stdout.isTTY ? process.stdout.columns : undefined;
    process.stdout.write(formatTableReport(report, { catalog: knowledge.catalog, lang: opts.lang, columns, wide: opts.wide, inputs: inputs.length, notes }));
  }
  if (opts.format !== 'table' || opts.events) for (const note of notes) process.stderr.write(`errcode-exporter: ${note}\n`);
  for (const e of readErrors) process.stderr.write(`errcode-exporter: could not read ${e}\n`);

  if (readErrors.length > 0) return 2;
  const failOn = opts.failOn ? FAIL_ON_CLASSES[opts.failOn] : [];
  return failOn.some((c) => report.count(c) > 0) ? 1 : 0;
}

/** `--context family=text` flags as a map; a flag without `=` or with an empty side is a usage error (exit 2). */
function parseContextFlags(flags: readonly string[]): Record<string, string[]> {
  const context: Record<string, string[]> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0 || eq === flag.length - 1) {
      process.stderr.write(`errcode-exporter: --context takes family=text, e.g. speech-sdk=[VoiceBot]; got "${flag}"\n`);
      process.exit(2);
    }
    (context[flag.slice(0, eq)] ??= []).push(flag.slice(eq + 1));
  }
  return context;
}
