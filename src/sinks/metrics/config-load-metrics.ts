// The metrics of loading the run config, the rules and the catalogs (at start-up and on every reload): how
// many loads succeeded or failed, whether the latest one of each kind succeeded and when one last did, and
// whether the config file holds changes that only a restart applies. Every series exists from the start.
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

/** What was loaded: the run config file, the rules directory, the catalogs directory. */
export type ConfigKind = 'config' | 'rules' | 'catalog';

export const CONFIG_KINDS: readonly ConfigKind[] = ['config', 'rules', 'catalog'];
const RESULTS = ['success', 'failure'] as const;

export class ConfigLoadMetrics {
  private readonly loads: Counter<'kind' | 'result'>;
  private readonly lastSuccessful: Gauge<'kind'>;
  private readonly lastSuccessTime: Gauge<'kind'>;
  private readonly restartRequired: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.loads = new Counter({
      name: 'errcode_config_loads_total',
      help: 'Run config, rules and catalog loads (start-up and reloads), by kind and result; a failed reload keeps the previous one running.',
      labelNames: ['kind', 'result'],
      registers,
    });
    this.lastSuccessful = new Gauge({
      name: 'errcode_config_last_load_successful',
      help: 'Whether the latest load of each kind succeeded (1) or failed and left the previous one running (0).',
      labelNames: ['kind'],
      registers,
    });
    this.lastSuccessTime = new Gauge({
      name: 'errcode_config_last_load_success_timestamp_seconds',
      help: 'When a load of each kind last succeeded, in seconds since the epoch.',
      labelNames: ['kind'],
      registers,
    });
    this.restartRequired = new Gauge({
      name: 'errcode_config_restart_required',
      help: '1 while the config file holds changed settings that only a restart applies (the log names them); else 0.',
      registers,
    });
    for (const kind of CONFIG_KINDS) for (const result of RESULTS) this.loads.inc({ kind, result }, 0);
    this.restartRequired.set(0);
  }

  /** A load finished; `atMs` is the wall-clock time in epoch milliseconds. */
  loaded(kind: ConfigKind, ok: boolean, atMs: number): void {
    this.loads.inc({ kind, result: ok ? 'success' : 'failure' }, 1);
    this.lastSuccessful.set({ kind }, ok ? 1 : 0);
    if (ok) this.lastSuccessTime.set({ kind }, atMs / 1000);
  }

  setRestartRequired(required: boolean): void {
    this.restartRequired.set(required ? 1 : 0);
  }
}
