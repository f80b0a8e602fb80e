// The exporter's own log lines on stderr, shaped for a cluster's log pipeline: `text` (the historical
// `errcode-exporter: sentence`), `logfmt` or `json`, the latter two with a timestamp and a level. The level
// filter is decided once: a disabled level is a function that does nothing (pino's trick), so a debug line
// in a busy path costs a call, not a format.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['text', 'logfmt', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogSentence = (sentence: string) => void;

export interface Logger {
  readonly debug: LogSentence;
  readonly info: LogSentence;
  readonly warn: LogSentence;
  readonly error: LogSentence;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  readonly write?: (text: string) => void;
  readonly now?: () => number;
}

const noop: LogSentence = () => undefined;

export function createLogger(opts: LoggerOptions): Logger {
  const write = opts.write ?? ((text: string) => void process.stderr.write(text));
  const now = opts.now ?? Date.now;
  const threshold = LOG_LEVELS.indexOf(opts.level);
  const at = (level: LogLevel): LogSentence => {
    if (LOG_LEVELS.indexOf(level) < threshold) return noop;
    switch (opts.format) {
      case 'text':
        return level === 'debug' ? (s) => write(`errcode-exporter: debug: ${s}\n`) : (s) => write(`errcode-exporter: ${s}\n`);
      case 'logfmt':
        return (s) => write(`ts=${new Date(now()).toISOString()} level=${level} msg=${logfmtValue(s)}\n`);
      case 'json':
        return (s) => write(`${JSON.stringify({ ts: new Date(now()).toISOString(), level, msg: s })}\n`);
    }
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logfmt value: quoted with `"` and `\` escaped and control characters as escapes (one record per line). */
function logfmtValue(s: string): string {
  // JSON string escaping is a superset of what logfmt parsers accept inside quotes.
  return JSON.stringify(s);
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}
