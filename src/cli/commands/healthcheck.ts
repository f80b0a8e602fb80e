// `errcode-exporter healthcheck`: asks the running exporter's /healthz (or /readyz) with the listen address,
// TLS and basic auth `run` uses, for Docker HEALTHCHECK, compose and Kubernetes exec probes. Both commands
// read the same ERRCODE_* environment variables, so moving the port or turning on TLS or auth in one place
// keeps the probe right. Exit 0 healthy, 1 unhealthy or unreachable, 2 a bad flag or config file.
import { Option } from '../commander.js';
import type { Command } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { LoadErrors } from '../../load/load-error.js';
import { reportLoadErrors } from '../../load/report-load-errors.js';
import type { ProbeTarget } from '../../health/probe-target.js';

interface HealthcheckOptions {
  config?: string;
  'web.listenAddress'?: string;
  'web.config.file'?: string;
  ready?: boolean;
  username?: string;
  passwordFile?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  timeout: string;
  quiet?: boolean;
}

const HELP = `
Give it what run was given; the ERRCODE_* variables are read by run too, so one setting serves both.
Over TLS the server must present the certificate named in the web config file (or one --ca-file signed).
With basic auth, give a user and its password in plain text (the web config file only holds its hash).

Examples:
  errcode-exporter healthcheck                                   # http://127.0.0.1:10135/healthz
  errcode-exporter healthcheck --ready --config /etc/errcode-exporter/config.yaml
  ERRCODE_WEB_CONFIG_FILE=/etc/errcode/web.yml ERRCODE_HEALTHCHECK_USERNAME=probe \\
    ERRCODE_HEALTHCHECK_PASSWORD_FILE=/run/secrets/probe errcode-exporter healthcheck

Exit status: 0 healthy (ready with --ready), 1 unhealthy or unreachable, 2 a bad flag or config file.
`;

export function registerHealthcheckCommand(program: Command): void {
  program
    .command('healthcheck')
    .summary('ask the running exporter whether it is alive (or ready), as run is configured')
    .description('Requests /healthz (or /readyz) from the exporter on this machine with the listen address, TLS and basic auth of its config.')
    .addOption(new Option('--config <file>', 'the run config file (its web.listen_address)').env('ERRCODE_CONFIG'))
    .addOption(new Option('--web.listen-address <host:port>', 'where run listens (default :10135)').env('ERRCODE_WEB_LISTEN_ADDRESS'))
    .addOption(new Option('--web.config.file <file>', 'the web config file run uses (TLS, basic auth)').env('ERRCODE_WEB_CONFIG_FILE'))
    .option('--ready', 'ask /readyz (inputs open) instead of /healthz (serving)')
    .addOption(new Option('--username <user>', 'basic auth user').env('ERRCODE_HEALTHCHECK_USERNAME'))
    .addOption(new Option('--password-file <file>', 'file holding the basic auth password (ERRCODE_HEALTHCHECK_PASSWORD gives it directly)').env('ERRCODE_HEALTHCHECK_PASSWORD_FILE'))
    .addOption(new Option('--ca-file <file>', 'verify the server against this CA instead of the certificate in the web config file').env('ERRCODE_HEALTHCHECK_CA_FILE'))
    .addOption(new Option('--cert-file <file>', 'client certificate, when the server requires one').env('ERRCODE_HEALTHCHECK_CERT_FILE'))
    .addOption(new Option('--key-file <file>', 'key of the client certificate').env('ERRCODE_HEALTHCHECK_KEY_FILE'))
    .option('--timeout <duration>', 'how long to wait for the answer', '5s')
    .option('-q, --quiet', 'print nothing when healthy')
    .addHelpText('after', HELP)
    .action(async (opts: HealthcheckOptions) => {
      process.exitCode = await healthcheck(opts);
    });
}

async function healthcheck(opts: HealthcheckOptions): Promise<number> {
  const timeoutMs = parseDuration(opts.timeout);
  if (timeoutMs === undefined || timeoutMs === 0) {
    process.stderr.write(`errcode-exporter: --timeout must be a positive duration like 500ms or 5s, not "${opts.timeout}".\n`);
    return 2;
  }
  // Loaded on use: the probe's settings schema (zod) and client are no cost to the other commands.
  const [{ resolveProbeTarget }, { probeExporter }] = await Promise.all([import('../../health/probe-target.js'), import('../../health/probe-exporter.js')]);
  let target: ProbeTarget;
  try {
    target = resolveProbeTarget({
      config: opts.config,
      listenAddress: opts['web.listenAddress'],
      webConfigFile: opts['web.config.file'],
      path: opts.ready ? '/readyz' : '/healthz',
      username: opts.username,
      password: process.env.ERRCODE_HEALTHCHECK_PASSWORD,
      passwordFile: opts.passwordFile,
      caFile: opts.caFile,
      certFile: opts.certFile,
      keyFile: opts.keyFile,
    });
  } catch (err) {
    if (!(err instanceof LoadErrors)) throw err;
    return reportLoadErrors(err, 'the healthcheck settings', 'nothing was asked');
  }
  const result = await probeExporter(target, timeoutMs);
  if (!result.ok) process.stderr.write(`errcode-exporter: unhealthy: ${result.message}\n`);
  else if (!opts.quiet) process.stdout.write(`healthy: ${result.message}\n`);
  return result.ok ? 0 : 1;
}
