// The settings of one `run`: the config file (validated with positions) merged with the flags. Flags
// add an input (--watch/--name) and override file settings; relative paths in the file are relative to
// the file's directory, on the command line to the working directory. Throws LoadErrors with every problem.
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { LoadError } from '../load/load-error.js';
import { LoadErrors } from '../load/load-error.js';
import { parseYamlFile } from '../load/parse-yaml-file.js';
import type { ComponentConfig } from '../pipeline/component-config.js';
import { componentName } from '../pipeline/component-config.js';
import { SINK_TYPES, SOURCE_TYPES } from '../pipeline/component-registry.js';
import type { FileInput } from '../sources/files/file-input.js';
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_PARTIAL_LINE_TIMEOUT_MS, DEFAULT_POLL_INTERVAL_MS } from '../sources/files/file-input.js';
import { absoluteGlob } from '../sources/files/file-matcher.js';
import { STDIN_SOURCE } from '../sources/stdin/read-stdin.js';
import type { MetricsConfig } from './metrics-config-schema.js';
import type { RunConfigFile } from './run-config-schema.js';
import { runConfigFileSchema, SOURCE_NAME, SOURCE_NAME_RULE } from './run-config-schema.js';
import type { WebConfig } from './web-config-schema.js';
import type { WebFlags } from './web-settings.js';
import { checkWebSettings } from './web-settings.js';

export interface RunConfig {
  readonly inputs: readonly FileInput[];
  /** Sources other than tailed files and stdin (`sources:`), each validated by its registered type. */
  readonly sources?: readonly ComponentConfig[];
  /** Sinks besides the metrics, status page and --events (`sinks:`), each validated by its registered type. */
  readonly sinks?: readonly ComponentConfig[];
  readonly stdin: boolean;
  /** Where positions are saved; undefined: not saved (a restart starts files at their end). */
  readonly positionsFile: string | undefined;
  readonly checkpointIntervalMs: number;
  readonly rescanIntervalMs: number;
  readonly rotateWaitMs: number;
  readonly rulesDir: string;
  readonly catalogDir: string;
  readonly web: WebConfig;
  readonly metrics: MetricsConfig;
  /** Per family, literals a deployment adds as that family's context (config `context:`). */
  readonly context?: Readonly<Record<string, readonly string[]>>;
}

/** What the command line says; everything optional except the defaults the CLI fills in. */
export interface RunFlags {
  readonly config?: string;
  readonly watch: readonly string[];
  readonly name: string;
  readonly stdin: boolean;
  readonly positions?: string;
  readonly fromBeginning: boolean;
  readonly poll: boolean;
  readonly checkpointIntervalMs?: number;
  readonly rules?: string;
  readonly catalogs?: string;
  /** `--web.listen-address`, `--web.telemetry-path`: checked here with the file's `web:` keys. */
  readonly web?: WebFlags;
}

export interface RunConfigDefaults {
  readonly rulesDir: string;
  readonly catalogDir: string;
  readonly cwd?: string;
  readonly home?: string;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 5_000;
export const DEFAULT_RESCAN_INTERVAL_MS = 10_000;
export const DEFAULT_ROTATE_WAIT_MS = 5_000;
const COMMAND_LINE = '<command line>';

export function loadRunConfig(flags: RunFlags, defaults: RunConfigDefaults): RunConfig {
  const cwd = defaults.cwd ?? process.cwd();
  const home = defaults.home ?? homedir();
  const errors: LoadError[] = [];
  let file: RunConfigFile = {};
  let fileDir = cwd;
  let positionOf: (path: (string | number)[]) => { line: number; col: number } = () => ({ line: 0, col: 0 });
  if (flags.config !== undefined) {
    const configPath = resolve(cwd, flags.config);
    const parsed = parseYamlFile(configPath, runConfigFileSchema);
    errors.push(...parsed.errors);
    if (parsed.value) file = parsed.value;
    fileDir = dirname(configPath);
    positionOf = (path) => parsed.positionOf(path);
  }
  const fromFile = (file.inputs ?? []).map((i): FileInput => ({
    name: i.name,
    include: i.include.map((g) => absoluteGlob(g, { cwd: fileDir, home })),
    exclude: (i.exclude ?? []).map((g) => (g.includes('/') ? absoluteGlob(g, { cwd: fileDir, home }) : g)),
    fromBeginning: flags.fromBeginning || (i.from_beginning ?? false),
    poll: flags.poll || (i.poll ?? false),
    pollIntervalMs: i.poll_interval ?? DEFAULT_POLL_INTERVAL_MS,
    maxLineBytes: i.max_line_bytes ?? DEFAULT_MAX_LINE_BYTES,
    partialLineTimeoutMs: i.partial_line_timeout ?? DEFAULT_PARTIAL_LINE_TIMEOUT_MS,
  }));
  const fromFlags: FileInput[] = flags.watch.length === 0 ? [] : [{
    name: flags.name,
    include: flags.watch.map((g) => absoluteGlob(g, { cwd, home })),
    exclude: [],
    fromBeginning: flags.fromBeginning,
    poll: flags.poll,
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    maxLineBytes: DEFAULT_MAX_LINE_BYTES,
    partialLineTimeoutMs: DEFAULT_PARTIAL_LINE_TIMEOUT_MS,
  }];
  const inputs = [...fromFile, ...fromFlags];

  const configFile = flags.config === undefined ? COMMAND_LINE : resolve(cwd, flags.config);
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const where = i < fromFile.length ? { file: configFile, ...positionOf(['inputs', i, 'name']) } : { file: COMMAND_LINE, line: 0, col: 0 };
    if (i >= fromFile.length && !SOURCE_NAME.test(input.name)) errors.push({ ...where, message: `--name "${input.name}" is not a valid input name: ${SOURCE_NAME_RULE}` });
    else if (input.name === STDIN_SOURCE) errors.push({ ...where, message: `the input name "${STDIN_SOURCE}" is reserved for standard input` });
    else if (seen.has(input.name)) errors.push({ ...where, message: `the input name "${input.name}" is used twice; names become the source label and must be unique` });
    seen.add(input.name);
  });
  const sources = file.sources ?? [];
  sources.forEach((section, i) => {
    const name = componentName(SOURCE_TYPES, section);
    const where = { file: configFile, ...positionOf(['sources', i, 'name']) };
    if (name === STDIN_SOURCE) errors.push({ ...where, message: `the source name "${STDIN_SOURCE}" is reserved for standard input` });
    else if (seen.has(name)) errors.push({ ...where, message: `the source name "${name}" is used twice (inputs and sources share names); names become the source label and must be unique` });
    seen.add(name);
  });
  const sinks = file.sinks ?? [];
  const sinkNames = new Set<string>();
  sinks.forEach((section, i) => {
    const name = componentName(SINK_TYPES, section);
    if (sinkNames.has(name)) errors.push({ file: configFile, ...positionOf(['sinks', i, 'name']), message: `the sink name "${name}" is used twice` });
    sinkNames.add(name);
  });
  errors.push(...checkWebSettings(file.web ?? {}, flags.web ?? {}, (key) => ({ file: configFile, ...positionOf(['web', key]) })));
  const stdin = flags.stdin || (file.stdin ?? false);
  if (errors.length === 0 && inputs.length === 0 && sources.length === 0 && !stdin) {
    errors.push({ file: configFile, line: 0, col: 0, message: 'nothing to read: give --watch <glob>, - for standard input, or inputs in --config' });
  }
  if (errors.length > 0) throw new LoadErrors(errors);

  const inFile = (p: string | undefined): string | undefined => (p === undefined ? undefined : resolve(fileDir, p.startsWith('~/') ? home + p.slice(1) : p));
  const onLine = (p: string | undefined): string | undefined => (p === undefined ? undefined : resolve(cwd, p));
  return {
    inputs,
    // Present only when configured, so a config without them reads exactly as before.
    ...(sources.length > 0 ? { sources } : {}),
    ...(sinks.length > 0 ? { sinks } : {}),
    stdin,
    positionsFile: onLine(flags.positions) ?? inFile(file.positions),
    checkpointIntervalMs: flags.checkpointIntervalMs ?? file.checkpoint_interval ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
    rescanIntervalMs: file.rescan_interval ?? DEFAULT_RESCAN_INTERVAL_MS,
    rotateWaitMs: file.rotate_wait ?? DEFAULT_ROTATE_WAIT_MS,
    rulesDir: onLine(flags.rules) ?? inFile(file.rules) ?? defaults.rulesDir,
    catalogDir: onLine(flags.catalogs) ?? inFile(file.catalogs) ?? defaults.catalogDir,
    web: file.web ?? {},
    metrics: file.metrics ?? {},
    ...(file.context !== undefined && { context: file.context }),
  };
}
