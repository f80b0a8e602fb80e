// What a reloaded run config changes, decided before anything is touched, from one table: every setting is
// either applied live (file inputs, sources and sinks started, stopped or restarted by name; the rules and
// catalog directories loaded from their new place) or kept as it runs and named as needing a restart,
// never silently dropped.
import type { RunConfig } from '../config/load-run-config.js';
import type { ComponentConfig } from '../pipeline/component-config.js';
import { componentName } from '../pipeline/component-config.js';
import { SINK_TYPES, SOURCE_TYPES } from '../pipeline/component-registry.js';
import type { FileInput } from '../sources/files/file-input.js';

/** Components of one list, told apart by name. */
export interface NamedChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Same name, another setting: stopped and started again. */
  readonly changed: readonly string[];
}

export interface ConfigChange {
  /** The config to run with: the loaded one, with the settings only a restart applies kept as they run. */
  readonly effective: RunConfig;
  /** File inputs that appear, disappear, or keep their name but change a setting. */
  readonly inputs: NamedChanges;
  /** Registered sources (`sources:`, e.g. exec) likewise. */
  readonly sources: NamedChanges;
  /** Registered sinks (`sinks:`, e.g. webhook) likewise. */
  readonly sinks: NamedChanges;
  readonly rulesDirChanged: boolean;
  readonly catalogDirChanged: boolean;
  /** Changed settings a reload cannot apply, as `key (running -> in the file)`. Empty when the file matches what runs. */
  readonly restartRequired: readonly string[];
}

/** What a reload does with a changed setting. */
export type Applied = 'restart' | 'inputs' | 'sources' | 'sinks' | 'rules' | 'catalog';

interface Setting {
  /** The config-file key. */
  readonly key: string;
  /** How the setting is shown; equal text means unchanged. */
  readonly show: (c: RunConfig) => string;
  readonly applied: Applied;
  /** Restart-only settings: the field kept as it runs. */
  readonly field?: keyof RunConfig;
}

const ms = (n: number): string => `${n}ms`;
const text = (v: string | boolean | undefined): string => (v === undefined ? 'unset' : JSON.stringify(v));

/** The decision table: every setting of the run config and what a reload does when it changes. */
export const RELOAD_TABLE: readonly Setting[] = [
  { key: 'inputs', show: (c) => JSON.stringify(c.inputs), applied: 'inputs' },
  { key: 'sources', show: (c) => JSON.stringify((c.sources ?? []).map(sortedJson)), applied: 'sources' },
  { key: 'sinks', show: (c) => JSON.stringify((c.sinks ?? []).map(sortedJson)), applied: 'sinks' },
  { key: 'rules', show: (c) => c.rulesDir, applied: 'rules' },
  { key: 'catalogs', show: (c) => c.catalogDir, applied: 'catalog' },
  { key: 'stdin', show: (c) => String(c.stdin), applied: 'restart', field: 'stdin' },
  { key: 'positions', show: (c) => text(c.positionsFile), applied: 'restart', field: 'positionsFile' },
  { key: 'checkpoint_interval', show: (c) => ms(c.checkpointIntervalMs), applied: 'restart', field: 'checkpointIntervalMs' },
  { key: 'rescan_interval', show: (c) => ms(c.rescanIntervalMs), applied: 'restart', field: 'rescanIntervalMs' },
  { key: 'rotate_wait', show: (c) => ms(c.rotateWaitMs), applied: 'restart', field: 'rotateWaitMs' },
  { key: 'web.listen_address', show: (c) => text(c.web.listen_address), applied: 'restart', field: 'web' },
  { key: 'web.status_samples', show: (c) => text(c.web.status_samples), applied: 'restart', field: 'web' },
  { key: 'web.telemetry_path', show: (c) => text(c.web.telemetry_path), applied: 'restart', field: 'web' },
  { key: 'web.grafana_url', show: (c) => text(c.web.grafana_url), applied: 'restart', field: 'web' },
  { key: 'web.prometheus_url', show: (c) => text(c.web.prometheus_url), applied: 'restart', field: 'web' },
  { key: 'metrics', show: (c) => sortedJson(c.metrics), applied: 'restart', field: 'metrics' },
  { key: 'context', show: (c) => sortedJson(c.context ?? {}), applied: 'restart', field: 'context' },
];

export function diffRunConfig(running: RunConfig, loaded: RunConfig): ConfigChange {
  const changed = new Set<Applied>();
  const restartRequired: string[] = [];
  const effective: { -readonly [K in keyof RunConfig]: RunConfig[K] } = { ...loaded };
  const keep = <K extends keyof RunConfig>(field: K): void => {
    effective[field] = running[field];
  };
  for (const setting of RELOAD_TABLE) {
    const was = setting.show(running);
    const now = setting.show(loaded);
    if (setting.field !== undefined) keep(setting.field);
    if (was === now) continue;
    changed.add(setting.applied);
    if (setting.applied === 'restart') restartRequired.push(`${setting.key} (${was} -> ${now})`);
  }
  const none: NamedChanges = { added: [], removed: [], changed: [] };
  return {
    effective,
    inputs: changed.has('inputs') ? namedChanges(running.inputs, loaded.inputs, (i) => i.name, sameInput) : none,
    sources: changed.has('sources') ? namedChanges(running.sources ?? [], loaded.sources ?? [], (c) => componentName(SOURCE_TYPES, c), sameSection) : none,
    sinks: changed.has('sinks') ? namedChanges(running.sinks ?? [], loaded.sinks ?? [], (c) => componentName(SINK_TYPES, c), sameSection) : none,
    rulesDirChanged: changed.has('rules'),
    catalogDirChanged: changed.has('catalog'),
    restartRequired,
  };
}

function namedChanges<T>(before: readonly T[], after: readonly T[], name: (x: T) => string, same: (a: T, b: T) => boolean): NamedChanges {
  const was = new Map(before.map((x) => [name(x), x]));
  const now = new Set(after.map(name));
  return {
    added: after.filter((x) => !was.has(name(x))).map(name),
    removed: before.filter((x) => !now.has(name(x))).map(name),
    changed: after.filter((x) => {
      const old = was.get(name(x));
      return old !== undefined && !same(old, x);
    }).map(name),
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

/** Two component sections with every setting equal (key order aside). */
export function sameSection(a: ComponentConfig, b: ComponentConfig): boolean {
  return sortedJson(a) === sortedJson(b);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sortedJson(value: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(value).sort().map((k) => [k, value[k]]));
}
