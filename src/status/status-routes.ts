// What the HTTP server answers on `/` (the status page) and `/api/status` (its data). The only I/O here is
// a stat of each followed file for its size; concurrent requests share one snapshot being built.
import { stat } from 'node:fs/promises';
import type { FileSize, StatusInputConfig } from './build-status.js';
import { buildStatus } from './build-status.js';
import { STATUS_JSON_HEADERS, STATUS_PAGE_HEADERS, STATUS_PAGE_HTML } from './status-page.js';
import type { StatusRecorder } from './status-recorder.js';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Served by MetricsServer when given: `page()` on `/`, `api()` on `/api/status`. */
export interface StatusRoutes {
  page(): HttpResponse;
  api(): Promise<HttpResponse>;
}

export interface StatusRoutesOptions {
  readonly recorder: StatusRecorder;
  readonly version: string;
  /** The inputs configured now (a config reload may change them). */
  readonly inputs: readonly StatusInputConfig[] | (() => readonly StatusInputConfig[]);
  /** How often the page refreshes (default 3000 ms). */
  readonly refreshMs?: number;
  /** Files beyond this many are not looked at (default 2000). */
  readonly maxStatFiles?: number;
  /** Wall clock, epoch milliseconds. */
  readonly now?: () => number;
  /** Grafana and Prometheus base URLs the page links to. */
  readonly links?: { readonly grafana?: string; readonly prometheus?: string };
}

const PAGE_BODY = Buffer.from(STATUS_PAGE_HTML, 'utf8');

export function createStatusRoutes(opts: StatusRoutesOptions): StatusRoutes {
  const now = opts.now ?? Date.now;
  let building: Promise<HttpResponse> | undefined;

  const build = async (): Promise<HttpResponse> => {
    const { recorder } = opts;
    const files = recorder.observeFiles();
    const sizes = new Map<string, FileSize>();
    await Promise.all(files.slice(0, opts.maxStatFiles ?? 2000).map(async ({ position }) => {
      const st = await stat(position.path).catch(() => undefined);
      if (st !== undefined) sizes.set(position.path, { size: st.size, modifiedAt: Math.round(st.mtimeMs) });
    }));
    const snapshot = buildStatus({
      now: now(),
      startedAt: recorder.startedAt,
      version: opts.version,
      refreshMs: opts.refreshMs ?? 3000,
      samples: recorder.samples,
      load: recorder.knowledgeState(),
      inputs: typeof opts.inputs === 'function' ? opts.inputs() : opts.inputs,
      activity: recorder.activity,
      files,
      sizes,
      checkpoint: recorder.checkpointState(),
      totals: recorder.totals,
      codes: recorder.codes.values(),
      codesOmitted: recorder.codesOmitted,
      fatal: recorder.fatal.toArray(),
      reloads: recorder.reloads.toArray(),
      restartRequired: recorder.restartRequired,
      maxLineChars: recorder.maxLineChars,
      links: opts.links,
    });
    // `<` escaped too: the JSON stays inert even if something ever shows it as HTML.
    const json = JSON.stringify(snapshot).replace(/</g, '\\u003c');
    return { status: 200, headers: STATUS_JSON_HEADERS, body: Buffer.from(json, 'utf8') };
  };

  return {
    page: () => ({ status: 200, headers: STATUS_PAGE_HEADERS, body: PAGE_BODY }),
    api: () => {
      building ??= build().finally(() => (building = undefined));
      return building;
    },
  };
}
