// What a reloaded run config changes, decided before anything is touched. Inputs, rules and catalogs are
// applied live; every other setting is kept as it runs and named as needing a restart, never silently dropped.
import type { RunConfig } from '../config/load-run-config.js';
import type { FileInput } from '../sources/files/file-input.js';

export interface ConfigChange {
  /** The config to run with: the loaded one, with the settings only a restart applies kept as they run. */
  readonly effective: RunConfig;
  /** Input names that appear, disappear, or keep their name but change a setting. */
  readonly inputs: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] };
  readonly rulesDirChanged: boolean;
  readonly catalogDirChanged: boolean;
  /** Changed settings a reload cannot apply, as `key (running -> in the file)`. Empty when the file matches what runs. */
  readonly restartRequired: readonly string[];
}

type RestartOnly = Pick<RunConfig, 'stdin' | 'positionsFile' | 'checkpointIntervalMs' | 'rescanIntervalMs' | 'rotateWaitMs' | 'web' | 'metrics' | 'context' | 'sources' | 'sinks'>;

const ms = (n: number): string => `${n}ms`;
const text = (v: string | boolean | undefined): string => (v === undefined ? 'unset' : JSON.stringify(v));

/** Config-file key names and how each restart-only setting is shown (equal text: unchanged). */
const RESTART_ONLY: readonly (readonly [string, (c: RestartOnly) => string])[] = [
  ['stdin', (c) => String(c.stdin)],
  ['positions', (c) => text(c.positionsFile)],
  ['checkpoint_interval', (c) => ms(c.checkpointIntervalMs)],
  ['rescan_interval', (c) => ms(c.rescanIntervalMs)],
  ['rotate_wait', (c) => ms(c.rotateWaitMs)],
  ['web.listen_address', (c) => text(c.web.listen_address)],
  ['web.status_samples', (c) => text(c.web.status_samples)],
  ['web.telemetry_path', (c) => text(c.web.telemetry_path)],
  ['web.grafana_url', (c) => text(c.web.grafana_url)],
  ['web.prometheus_url', (c) => text(c.web.prometheus_url)],
  ['metrics', (c) => sortedJson(c.metrics)],
  ['context', (c) => sortedJson(c.context ?? {})],
  // Registered components (exec sources, webhook sinks) start with the run; a changed list waits for a restart.
  ['sources', (c) => JSON.stringify((c.sources ?? []).map(sortedJson))],
  ['sinks', (c) => JSON.stringify((c.sinks ?? []).map(sortedJson))],
];

export function diffRunConfig(running: RunConfig, loaded: RunConfig): ConfigChange {
  const before = new Map(running.inputs.map((i) => [i.name, i]));
  const after = new Map(loaded.inputs.map((i) => [i.name, i]));
  const added = loaded.inputs.filter((i) => !before.has(i.name)).map((i) => i.name);
  const removed = running.inputs.filter((i) => !after.has(i.name)).map((i) => i.name);
  const changed = loaded.inputs.filter((i) => {
    const old = before.get(i.name);
    return old !== undefined && !sameInput(old, i);
  }).map((i) => i.name);

  const restartRequired: string[] = [];
  for (const [key, read] of RESTART_ONLY) {
    const was = read(running);
    const now = read(loaded);
    if (was !== now) restartRequired.push(`${key} (${was} -> ${now})`);
  }
  const effective: RunConfig = {
    ...loaded,
    stdin: running.stdin,
    positionsFile: running.positionsFile,
    checkpointIntervalMs: running.checkpointIntervalMs,
    rescanIntervalMs: running.rescanIntervalMs,
    rotateWaitMs: running.rotateWaitMs,
    web: running.web,
    metrics: running.metrics,
    context: running.context,
    sources: running.sources,
    sinks: running.sinks,
  };
  return {
    effective,
    inputs: { added, removed, changed },
    rulesDirChanged: running.rulesDir !== loaded.rulesDir,
    catalogDirChanged: running.catalogDir !== loaded.catalogDir,
    restartRequired,
  };
}

/** Same name and every setting equal (globs in the same order). */
export function sameInput(a: FileInput, b: FileInput): boolean {
  return a.name === b.name
    && sameList(a.include, b.include)
    && sameList(a.exclude, b.exclude)
    && a.fromBeginning === b.fromBeginning
    && a.poll === b.poll
    && a.pollIntervalMs === b.pollIntervalMs
    && a.maxLineBytes === b.maxLineBytes
    && a.partialLineTimeoutMs === b.partialLineTimeoutMs;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sortedJson(value: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(value).sort().map((k) => [k, value[k]]));
}
