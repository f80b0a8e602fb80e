// Loads `--web.config.file` in the Prometheus exporter-toolkit format (TLS, basic auth with bcrypt hashes,
// response headers), so operators reuse what they know. Every problem is reported with its position, all at once.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { z } from 'zod';
import { LoadErrors } from '../load/load-error.js';
import type { LoadError } from '../load/load-error.js';
import { parseYamlFile } from '../load/parse-yaml-file.js';

export type ClientAuthType = 'NoClientCert' | 'RequestClientCert' | 'RequireAnyClientCert' | 'VerifyClientCertIfGiven' | 'RequireAndVerifyClientCert';

export interface TlsSettings {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
  readonly clientAuth: ClientAuthType;
  /** When set, a verified client certificate must carry one of these subject alternative names. */
  readonly allowedSans?: readonly string[];
  readonly minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  readonly maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  readonly honorCipherOrder: boolean;
}

export interface WebConfig {
  readonly file: string;
  readonly tls?: TlsSettings;
  /** user -> bcrypt hash; empty means no authentication. */
  readonly users: ReadonlyMap<string, string>;
  readonly headers: Readonly<Record<string, string>>;
}

const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;
const CLIENT_AUTH_TYPES = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'] as const;
const BCRYPT_HASH = /^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$/;

const unsupported = (why: string) =>
  z
    .unknown()
    .refine(() => false, { message: why })
    .optional();

const tlsVersion = z.enum(['TLS10', 'TLS11', 'TLS12', 'TLS13'], { error: 'must be one of TLS10, TLS11, TLS12, TLS13' });

const webConfigSchema = z.preprocess(
  (v) => v ?? {},
  z.strictObject({
    tls_server_config: z
      .strictObject({
        cert_file: z.string().min(1).optional(),
        key_file: z.string().min(1).optional(),
        cert: z.string().min(1).optional(),
        key: z.string().min(1).optional(),
        client_auth_type: z.enum(CLIENT_AUTH_TYPES, { error: `must be one of ${CLIENT_AUTH_TYPES.join(', ')}` }).optional(),
        client_ca_file: z.string().min(1).optional(),
        client_allowed_sans: z.array(z.string().min(1)).optional(),
        min_version: tlsVersion.optional(),
        max_version: tlsVersion.optional(),
        prefer_server_cipher_suites: z.boolean().optional(),
        cipher_suites: unsupported('cipher_suites is not supported: Go cipher suite names do not map onto OpenSSL; Node\'s defaults apply'),
        curve_preferences: unsupported('curve_preferences is not supported: Node\'s defaults apply'),
      })
      .nullable()
      .optional(),
    http_server_config: z
      .strictObject({
        http2: z.boolean().optional(),
        headers: z
          .strictObject({
            'Content-Security-Policy': z.string().optional(),
            'X-Frame-Options': z.enum(['deny', 'sameorigin', 'DENY', 'SAMEORIGIN'], { error: 'must be deny or sameorigin' }).optional(),
            'X-Content-Type-Options': z.enum(['nosniff'], { error: 'must be nosniff' }).optional(),
            'X-XSS-Protection': z.string().optional(),
            'Strict-Transport-Security': z.string().optional(),
          })
          .optional(),
      })
      .nullable()
      .optional(),
    basic_auth_users: z.record(z.string().min(1), z.string()).nullable().optional(),
  }),
);

/** Reads and validates a web config file; throws LoadErrors listing every problem with its position. */
export function loadWebConfig(file: string): WebConfig {
  const parsed = parseYamlFile(file, webConfigSchema);
  const errors: LoadError[] = [...parsed.errors];
  if (parsed.value === undefined) throw new LoadErrors(errors);
  const cfg = parsed.value;
  const at = (path: (string | number)[], message: string): void => {
    errors.push({ file, ...parsed.positionOf(path), message });
  };
  const base = dirname(resolve(file));
  const readPem = (path: (string | number)[], name: string): string => {
    const full = resolve(base, name);
    try {
      return readFileSync(full, 'utf8');
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      at(path, `cannot read ${String(path[path.length - 1])} ${full}: ${why}`);
      return '';
    }
  };

  const users = new Map<string, string>();
  for (const [user, hash] of Object.entries(cfg.basic_auth_users ?? {})) {
    if (!BCRYPT_HASH.test(hash)) at(['basic_auth_users', user], `the password of user "${user}" is not a bcrypt hash (htpasswd -nBC 10 "" | tr -d ':\\n' makes one)`);
    else users.set(user, hash);
  }

  let tls: TlsSettings | undefined;
  const t = cfg.tls_server_config;
  if (t) {
    const tp = ['tls_server_config'];
    if ((t.cert_file === undefined) === (t.cert === undefined)) at(tp, 'exactly one of cert_file and cert is required');
    if ((t.key_file === undefined) === (t.key === undefined)) at(tp, 'exactly one of key_file and key is required');
    const cert = t.cert ?? (t.cert_file !== undefined ? readPem([...tp, 'cert_file'], t.cert_file) : '');
    const key = t.key ?? (t.key_file !== undefined ? readPem([...tp, 'key_file'], t.key_file) : '');
    const ca = t.client_ca_file !== undefined ? readPem([...tp, 'client_ca_file'], t.client_ca_file) : undefined;
    const clientAuth: ClientAuthType = t.client_auth_type ?? 'NoClientCert';
    const verifies = clientAuth === 'VerifyClientCertIfGiven' || clientAuth === 'RequireAndVerifyClientCert';
    if (verifies && t.client_ca_file === undefined) at([...tp, 'client_auth_type'], `client_auth_type ${clientAuth} needs client_ca_file`);
    if (!verifies && t.client_ca_file !== undefined) at([...tp, 'client_ca_file'], 'client_ca_file is set but client_auth_type does not verify client certificates (use RequireAndVerifyClientCert or VerifyClientCertIfGiven)');
    if (t.client_allowed_sans !== undefined && !verifies) at([...tp, 'client_allowed_sans'], 'client_allowed_sans needs a client_auth_type that verifies client certificates');
    const minVersion = TLS_VERSIONS[t.min_version ?? 'TLS12'];
    const maxVersion = t.max_version === undefined ? undefined : TLS_VERSIONS[t.max_version];
    if (t.min_version !== undefined && t.max_version !== undefined && t.min_version > t.max_version) at([...tp, 'max_version'], `max_version ${t.max_version} is below min_version ${t.min_version}`);
    if (cert !== '' && key !== '') {
      try {
        createSecureContext({ cert, key, ca });
      } catch (err) {
        at([...tp, t.cert_file !== undefined ? 'cert_file' : 'cert'], `the certificate and key do not make a usable TLS identity: ${(err as Error).message}`);
      }
    }
    tls = { cert, key, ca, clientAuth, allowedSans: t.client_allowed_sans, minVersion, maxVersion, honorCipherOrder: t.prefer_server_cipher_suites ?? false };
  }

  if (errors.length > 0) throw new LoadErrors(errors);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(cfg.http_server_config?.headers ?? {})) if (value !== undefined) headers[name] = value;
  return { file, tls, users, headers };
}
