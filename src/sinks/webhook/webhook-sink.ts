// The `webhook` sink: POSTs each event of the chosen classes (default: fatal) as one JSON object to a URL.
// Bounded: at most `queue_size` events wait; a further one is dropped and counted (`queue_full`), so a dead
// endpoint never grows memory nor slows reading. A failed POST (network error, timeout, 429 or 5xx) is
// retried after a delay that doubles up to a maximum; after `max_retries` the event is dropped and counted
// (`retries_exhausted`); any other 4xx is not retried (`rejected`). One request at a time, in order. It is
// lossy by design, so it takes no part in checkpoints (no flush): a slow endpoint delays nothing else.
// close() gives the queue up to `timeout` to drain; what is left is counted as `closed`.
import { z } from 'zod';
import { durationSchema } from '../../config/duration-schema.js';
import type { ComponentContext, Sink, SinkType } from '../../pipeline/components.js';
import type { SinkDropReason } from '../../pipeline/sink-stats.js';
import type { CancelTimer } from '../../sources/files/clock.js';
import type { CodeEvent, EventClass } from '../../types.js';
import { EVENT_CLASSES } from '../../types.js';

const SINK_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

const webhookSinkSchema = z.strictObject({
  type: z.literal('webhook'),
  name: z.string().regex(SINK_NAME, 'a sink name is a letter then up to 31 letters, digits, "_", "." or "-"'),
  url: z.url({ protocol: /^https?$/, error: 'url must be an http:// or https:// URL' }),
  classes: z.array(z.enum(EVENT_CLASSES as [EventClass, ...EventClass[]])).min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  queue_size: z.number().int().min(1).max(1_000_000).optional(),
  max_retries: z.number().int().min(0).max(100).optional(),
  retry_delay: durationSchema.optional(),
  max_retry_delay: durationSchema.optional(),
  timeout: durationSchema.optional(),
});

export type WebhookSinkConfig = z.output<typeof webhookSinkSchema>;

export const DEFAULT_QUEUE_SIZE = 1_000;
export const DEFAULT_MAX_RETRIES = 5;
const DEFAULT_RETRY_DELAY_MS = 500;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 5_000;

export const webhookSinkType: SinkType<WebhookSinkConfig> = {
  type: 'webhook',
  schema: webhookSinkSchema,
  nameOf: (config) => config.name,
  create: (config, ctx) => new WebhookSink(config, ctx),
};

type Outcome = 'sent' | 'retry' | 'rejected';

export class WebhookSink implements Sink {
  readonly name: string;
  private readonly config: WebhookSinkConfig;
  private readonly ctx: ComponentContext;
  private readonly classes: ReadonlySet<EventClass>;
  private readonly queueSize: number;
  private readonly timeoutMs: number;
  private readonly queue: CodeEvent[] = [];
  private sending = false;
  private closing = false;
  private wait: { cancel: CancelTimer; resolve: () => void } | undefined;
  private idle: Promise<void> = Promise.resolve();
  private closed: Promise<void> | undefined;

  constructor(config: WebhookSinkConfig, ctx: ComponentContext) {
    this.config = config;
    this.ctx = ctx;
    this.name = config.name;
    this.classes = new Set(config.classes ?? ['fatal']);
    this.queueSize = config.queue_size ?? DEFAULT_QUEUE_SIZE;
    this.timeoutMs = config.timeout ?? DEFAULT_TIMEOUT_MS;
    ctx.sinkStats.sinkAdded(this.name);
  }

  /** Events waiting to be sent (the one in flight included). */
  get pending(): number {
    return this.queue.length;
  }

  write(event: CodeEvent): void {
    if (!this.classes.has(event.class)) return;
    if (this.closing) return this.drop('closed', 1);
    if (this.queue.length >= this.queueSize) return this.drop('queue_full', 1);
    this.queue.push(event);
    if (!this.sending) this.idle = this.sendAll();
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing = true;
      let cancel: CancelTimer = () => undefined;
      const deadline = new Promise<void>((resolve) => (cancel = this.ctx.clock.setTimeout(resolve, this.timeoutMs)));
      await Promise.race([this.idle, deadline]);
      cancel();
      // Whatever is left (the endpoint is down or slow): counted, and a pending retry delay cut short.
      const left = this.queue.length;
      this.queue.length = 0;
      if (left > 0) this.drop('closed', left);
      this.wait?.cancel();
      this.wait?.resolve();
    })();
    return this.closed;
  }

  private async sendAll(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const event = this.queue[0];
        const result = await this.deliver(event);
        if (this.queue[0] !== event) continue; // close() gave up on it meanwhile
        this.queue.shift();
        if (result === 'sent') this.ctx.sinkStats.eventsSent(this.name, 1);
        else this.drop(result, 1);
      }
    } finally {
      this.sending = false;
    }
  }

  /** Tries one event until it is sent, rejected, or out of retries. */
  private async deliver(event: CodeEvent): Promise<'sent' | SinkDropReason> {
    const body = JSON.stringify(event);
    const maxRetries = this.config.max_retries ?? DEFAULT_MAX_RETRIES;
    let delay = this.config.retry_delay ?? DEFAULT_RETRY_DELAY_MS;
    const maxDelay = Math.max(delay, this.config.max_retry_delay ?? DEFAULT_MAX_RETRY_DELAY_MS);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.post(body, attempt);
      if (outcome !== 'retry') return outcome;
      if (attempt >= maxRetries || this.closing) return this.closing ? 'closed' : 'retries_exhausted';
      await this.sleep(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
  }

  private async post(body: string, attempt: number): Promise<Outcome> {
    try {
      const res = await fetch(this.config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.config.headers },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return 'sent';
      if (res.status === 429 || res.status >= 500) {
        if (attempt === 0) this.ctx.log(`The webhook ${this.name} answered ${res.status}; retrying with backoff.`);
        return 'retry';
      }
      this.ctx.log(`The webhook ${this.name} refused an event with ${res.status}; it is dropped.`);
      return 'rejected';
    } catch (err) {
      if (attempt === 0) this.ctx.log(`The webhook ${this.name} could not be reached (${describeError(err)}); retrying with backoff.`);
      return 'retry';
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const cancel = this.ctx.clock.setTimeout(() => {
        this.wait = undefined;
        resolve();
      }, ms);
      this.wait = { cancel, resolve };
    });
  }

  private drop(reason: SinkDropReason, count: number): void {
    this.ctx.sinkStats.eventsDropped(this.name, reason, count);
  }
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
}
