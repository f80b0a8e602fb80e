// Parses `--web.listen-address` the way Prometheus exporters do: `host:port`, `[v6]:port`, or `:port` for all interfaces.
// 10135: the exporter range 9100-9999 of the Prometheus default port allocations is full, and 10135 is clear of
// the common neighbours above it (Webmin 10000, Zabbix 10050/10051, kubelet/kube-proxy 10248-10259).

export const DEFAULT_PORT = 10135;
export const DEFAULT_LISTEN_ADDRESS = `:${DEFAULT_PORT}`;

export interface ListenAddress {
  /** Empty for all interfaces. */
  readonly host: string;
  readonly port: number;
}

/** Throws an Error with a sentence naming the bad value; this is start-up configuration. */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.%a-zA-Z]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  if (!m) throw new Error(`--web.listen-address "${text}" is not host:port (e.g. ":${DEFAULT_PORT}", "127.0.0.1:${DEFAULT_PORT}", "[::1]:${DEFAULT_PORT}").`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`--web.listen-address "${text}": port ${port} is above 65535.`);
  return { host: m[1] ?? m[2] ?? '', port };
}

/** `host:port` for messages and URLs, with IPv6 hosts bracketed. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
