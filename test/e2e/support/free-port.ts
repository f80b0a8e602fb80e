// A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it), for processes that need a fixed port
// (Prometheus, Alertmanager, a `run` whose config file names it). Another test file's process may take it before the
// process started on it does: start an exporter on port 0 instead and read where it serves (exporter-url.ts).
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
