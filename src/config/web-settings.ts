// The HTTP settings `run` takes from its flags and the config's `web:` section, checked at load time so a
// bad value is reported at its position (file:line:col), never as a server start-up failure.
import type { LoadError } from '../load/load-error.js';
import { parseListenAddress } from '../server/listen-address.js';
import type { WebConfig } from './web-config-schema.js';

export const DEFAULT_TELEMETRY_PATH = '/metrics';
/** Paths the server answers itself, which the telemetry path must not shadow. */
export const RESERVED_PATHS: readonly string[] = ['/', '/healthz', '/readyz', '/api/status'];

/** Flags that override `web:` keys (`--web.listen-address`, `--web.telemetry-path`). */
export interface WebFlags {
  readonly listenAddress?: string;
  readonly telemetryPath?: string;
}

/** Why `path` cannot be the telemetry path, or undefined when it can. */
export function telemetryPathProblem(path: string): string | undefined {
  if (!/^\/[^\s?#]*$/.test(path)) return `the telemetry path "${path}" must start with / and hold no spaces, ? or #`;
  if (RESERVED_PATHS.includes(path)) return `the telemetry path "${path}" is taken by the server itself (${RESERVED_PATHS.join(', ')})`;
  return undefined;
}

/**
 * Every problem of the web settings: the file's keys at their positions, the flags at `<command line>`.
 * `where(key)` gives the position of `web.<key>` in the config file.
 */
export function checkWebSettings(web: WebConfig, flags: WebFlags, where: (key: keyof WebConfig) => Omit<LoadError, 'message'>): LoadError[] {
  const errors: LoadError[] = [];
  const commandLine = { file: '<command line>', line: 0, col: 0 };
  const checkAddress = (value: string | undefined, at: Omit<LoadError, 'message'>): void => {
    if (value === undefined) return;
    try {
      parseListenAddress(value);
    } catch (err) {
      errors.push({ ...at, message: (err as Error).message });
    }
  };
  const checkPath = (value: string | undefined, at: Omit<LoadError, 'message'>): void => {
    const problem = value === undefined ? undefined : telemetryPathProblem(value);
    if (problem !== undefined) errors.push({ ...at, message: problem });
  };
  checkAddress(web.listen_address, where('listen_address'));
  checkAddress(flags.listenAddress, commandLine);
  checkPath(web.telemetry_path, where('telemetry_path'));
  checkPath(flags.telemetryPath, commandLine);
  return errors;
}
