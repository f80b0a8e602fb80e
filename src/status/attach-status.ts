// Connects the status page to a run: a recorder that reads the run's one telemetry model (shared with the
// metrics) and is told of events and reloads by the exporter extension, and the routes the HTTP server answers `/` and `/api/status` with.
import type { Telemetry } from '../pipeline/telemetry.js';
import type { RunContext } from '../run/run-context.js';
import type { CancelTimer, Clock } from '../sources/files/clock.js';
import { systemClock } from '../sources/files/clock.js';
import { STDIN_SOURCE } from '../sources/stdin/read-stdin.js';
import type { StatusInputConfig } from './build-status.js';
import { StatusRecorder } from './status-recorder.js';
import type { StatusRoutes } from './status-routes.js';
import { createStatusRoutes } from './status-routes.js';

export interface StatusOptions {
  /** Keep and show sample lines of fatal events; false: no line text is kept or served at all. */
  readonly samples: boolean;
  readonly now?: () => number;
  /** Drives the look at read positions (default: the system clock). */
  readonly clock?: Clock;
  /** The run's one telemetry model, shared with the metrics (default: the recorder's own). */
  readonly telemetry?: Telemetry;
  /** Grafana and Prometheus base URLs the page links to. */
  readonly links?: { readonly grafana?: string; readonly prometheus?: string };
}

export interface AttachedStatus {
  readonly recorder: StatusRecorder;
  readonly routes: StatusRoutes;
  /** Stops looking at read positions. */
  close(): void;
}

export function attachStatus(ctx: RunContext, opts: StatusOptions): AttachedStatus {
  const recorder = new StatusRecorder({ sources: ctx.sources, samples: opts.samples, positions: ctx.positions, now: opts.now, telemetry: opts.telemetry });
  recorder.knowledgeLoaded(ctx.knowledge());
  // The first look at the files, where reading starts: later moves are reads. Then one look a second, on a
  // timer: the sources' positions are never read from the hot path (linesRead only updates a map).
  let stopLooking: CancelTimer | undefined;
  let closed = false;
  void ctx.inputsReady.then(() => {
    if (closed) return;
    recorder.observeFiles();
    stopLooking = (opts.clock ?? systemClock).setInterval(() => recorder.observeFiles(), recorder.observeEveryMs);
  });
  // Read on every request: a config reload may add or remove inputs. The run describes its sources (exec
  // and the others too) to the telemetry; before it has, the config's file inputs and stdin are listed.
  const inputs = (): readonly StatusInputConfig[] => {
    const described = opts.telemetry?.sources();
    if (described !== undefined) return described;
    const list: StatusInputConfig[] = ctx.config.inputs.map((i) => ({ name: i.name, kind: 'files', include: i.include }));
    if (ctx.config.stdin) list.push({ name: STDIN_SOURCE, kind: 'stdin', include: [] });
    return list;
  };
  const routes = createStatusRoutes({ recorder, version: ctx.version, inputs, now: opts.now, links: opts.links });
  return {
    recorder,
    routes,
    close: () => {
      closed = true;
      stopLooking?.();
    },
  };
}
