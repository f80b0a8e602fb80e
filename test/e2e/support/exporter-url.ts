// Where an exporter started with `--web.listen-address 127.0.0.1:0` serves: the port the OS gave it, read from its
// start-up log. A port picked free beforehand (free-port.ts) could be taken by another test file's process in the
// moment between its check and the exporter's start; this one is the exporter's from the start.
import type { TestProcess } from './child-process.js';
import { pollUntil } from './poll.js';

/** `Serving metrics on http://127.0.0.1:PORT/metrics.` in the text and the JSON log formats. */
const SERVING = /Serving metrics on (https?:\/\/[^/\s"]+)\/metrics/;

/** The exporter's base URL (`http://127.0.0.1:PORT`), once its log says it serves. */
export function exporterUrl(exporter: TestProcess, timeoutMs = 60_000): Promise<string> {
  return pollUntil(() => exporter.find(SERVING), { timeoutMs, what: `${exporter.name} to say where it serves`, context: () => exporter.log() });
}
