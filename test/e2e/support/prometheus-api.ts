// Instant queries against a real Prometheus's HTTP API.

export interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

interface QueryResponse {
  status: string;
  error?: string;
  data?: { resultType: string; result: VectorSample[] };
}

export async function instantQuery(baseUrl: string, expr: string): Promise<VectorSample[]> {
  const res = await fetch(`${baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as QueryResponse;
  if (body.status !== 'success' || body.data === undefined) throw new Error(`query failed (${res.status}): ${body.error ?? 'no data'}: ${expr}`);
  if (body.data.resultType !== 'vector') throw new Error(`expected a vector, got ${body.data.resultType}: ${expr}`);
  return body.data.result;
}
