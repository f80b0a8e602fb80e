// Chooses the exposition format from an Accept header, as Prometheus's client libraries do: OpenMetrics only
// when the client asks for it at least as strongly as for the text format; text 0.0.4 otherwise.
import type { ExpositionFormat } from '../sinks/metrics/render-exposition.js';

export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (accept === undefined || accept === '') return 'prometheus';
  let openMetrics = -1;
  let text = -1;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    let q = 1;
    for (const p of params) {
      const m = /^q=([0-9.]+)$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (!(q > 0)) continue;
    if (type === 'application/openmetrics-text') openMetrics = Math.max(openMetrics, q);
    else if (type === 'text/plain') text = Math.max(text, q);
  }
  return openMetrics >= 0 && openMetrics >= text ? 'openmetrics' : 'prometheus';
}
