// The Alertmanager webhook receiver the end-to-end test runs: records every notification's alerts.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedAlert {
  /** The Alertmanager receiver that sent it (oncall, ticket, info). */
  readonly receiver: string;
  readonly status: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

interface WebhookPayload {
  receiver?: string;
  alerts?: Omit<ReceivedAlert, 'receiver'>[];
}

export class WebhookReceiver {
  readonly alerts: ReceivedAlert[] = [];
  /** Each notification's alerts, one entry per notification. */
  readonly notifications: ReceivedAlert[][] = [];
  private server?: Server;

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPayload;
          const alerts = (payload.alerts ?? []).map((a) => ({ ...a, receiver: payload.receiver ?? '' }));
          this.alerts.push(...alerts);
          this.notifications.push(alerts);
        } catch {
          // a malformed notification is simply not recorded; the test then times out saying what it awaited
        }
        res.writeHead(200).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
