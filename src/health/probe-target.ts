// Decides, before any request, where and how `healthcheck` reaches the running exporter: the same listen
// address, TLS and basic auth `run` was given (flags, `ERRCODE_*` environment, the run config's `web:`
// section, the exporter-toolkit web config file). Every problem is a LoadError with its position.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import type { LoadError } from '../load/load-error.js';
import { LoadErrors } from '../load/load-error.js';
import { parseYamlFile } from '../load/parse-yaml-file.js';
import { runConfigFileSchema } from '../config/run-config-schema.js';
import { DEFAULT_LISTEN_ADDRESS, formatHostPort, parseListenAddress } from '../server/listen-address.js';
import { loadWebConfig } from '../server/web-config.js';

export interface ProbeSettings {
  /** `--config`: the run config whose `web.listen_address` applies when no flag gives one. */
  readonly config?: string;
  readonly listenAddress?: string;
  readonly webConfigFile?: string;
  /** `/healthz` (alive) or `/readyz` (inputs open). */
  readonly path: '/healthz' | '/readyz';
  readonly username?: string;
  /** The password itself (from the environment) or undefined. */
  readonly password?: string;
  readonly passwordFile?: string;
  /** Trust this CA instead of pinning the server's own certificate. */
  readonly caFile?: string;
  /** A client certificate, when the server requires one. */
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly cwd?: string;
}

export interface ProbeTarget {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** Present for HTTPS. */
  readonly tls?: {
    /** The CA to verify against (full verification), or undefined to pin `pinnedCertDer`. */
    readonly ca?: string;
    /** DER bytes of the certificate the server is configured to present. */
    readonly pinnedCertDer?: Buffer;
    readonly cert?: string;
    readonly key?: string;
  };
  readonly authorization?: string;
}

const COMMAND_LINE = '<command line>';

/** Where a server listening on `host` is reached from the same machine: wildcard addresses become loopback. */
export function loopbackFor(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

/** Throws LoadErrors naming every problem (file:line:col, or <command line> for flags). */
export function resolveProbeTarget(s: ProbeSettings): ProbeTarget {
  const cwd = s.cwd ?? process.cwd();
  const errors: LoadError[] = [];
  let listen = s.listenAddress;
  let listenWhere: LoadError = { file: COMMAND_LINE, line: 0, col: 0, message: '' };
  if (s.config !== undefined) {
    const file = resolve(cwd, s.config);
    const parsed = parseYamlFile(file, runConfigFileSchema);
    errors.push(...parsed.errors);
    const fromFile = parsed.value?.web?.listen_address;
    if (listen === undefined && fromFile !== undefined) {
      listen = fromFile;
      listenWhere = { file, ...parsed.positionOf(['web', 'listen_address']), message: '' };
    }
  }
  let address = { host: '', port: 0 };
  try {
    address = parseListenAddress(listen ?? DEFAULT_LISTEN_ADDRESS);
  } catch (err) {
    errors.push({ ...listenWhere, message: (err as Error).message });
  }

  let tls: ProbeTarget['tls'];
  if (s.webConfigFile !== undefined) {
    try {
      const web = loadWebConfig(resolve(cwd, s.webConfigFile));
      if (web.tls) {
        const read = (flag: string, file: string | undefined): string | undefined => {
          if (file === undefined) return undefined;
          try {
            return readFileSync(resolve(cwd, file), 'utf8');
          } catch (err) {
            errors.push({ file: COMMAND_LINE, line: 0, col: 0, message: `cannot read ${flag} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
            return undefined;
          }
        };
        const ca = read('--ca-file', s.caFile);
        tls = {
          ca,
          // Pinning the configured certificate works for self-signed ones and needs no host name match on loopback.
          pinnedCertDer: ca === undefined ? new X509Certificate(web.tls.cert).raw : undefined,
          cert: read('--cert-file', s.certFile),
          key: read('--key-file', s.keyFile),
        };
      }
      if (web.users.size > 0 && s.username === undefined) {
        errors.push({ file: COMMAND_LINE, line: 0, col: 0, message: `${s.webConfigFile} turns on basic auth: give --username (or ERRCODE_HEALTHCHECK_USERNAME) and a password (--password-file, ERRCODE_HEALTHCHECK_PASSWORD_FILE or ERRCODE_HEALTHCHECK_PASSWORD)` });
      }
    } catch (err) {
      if (!(err instanceof LoadErrors)) throw err;
      errors.push(...err.errors);
    }
  }

  let authorization: string | undefined;
  if (s.username !== undefined) {
    let password = s.password;
    if (s.passwordFile !== undefined) {
      try {
        password = readFileSync(resolve(cwd, s.passwordFile), 'utf8').replace(/\r?\n$/, '');
      } catch (err) {
        errors.push({ file: COMMAND_LINE, line: 0, col: 0, message: `cannot read --password-file ${s.passwordFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      }
    }
    if (password === undefined) errors.push({ file: COMMAND_LINE, line: 0, col: 0, message: '--username needs a password: --password-file, ERRCODE_HEALTHCHECK_PASSWORD_FILE or ERRCODE_HEALTHCHECK_PASSWORD' });
    else authorization = `Basic ${Buffer.from(`${s.username}:${password}`, 'utf8').toString('base64')}`;
  }
  if (errors.length > 0) throw new LoadErrors(errors);

  const host = loopbackFor(address.host);
  const url = `${tls ? 'https' : 'http'}://${formatHostPort(host, address.port)}${s.path}`;
  return { url, host, port: address.port, path: s.path, tls, authorization };
}
