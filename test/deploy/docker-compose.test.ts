// docker-compose.yml and the Dockerfile without a Docker engine: the structure we rely on, every path they
// reference, the ports and names the other configs point at; and, where Debian's docker-compose is installed,
// its `config` validation against the Compose Specification JSON schema it bundles.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { DEFAULT_PORT } from '../../src/server/listen-address.js';
import { describeWithTools } from './describe-with-tools.js';

interface Mount {
  type: 'bind' | 'volume';
  source: string;
  target: string;
  read_only?: boolean;
}
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  profiles?: string[];
  volumes?: Mount[];
  ports?: string[];
  read_only?: boolean;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const compose = parse(readFileSync(join(PACKAGE_ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
const dockerfile = readFileSync(join(PACKAGE_ROOT, 'Dockerfile'), 'utf8');
const svc = (name: string): Service => compose.services[name];
/** `${VAR:-default}` as Compose interpolates it when VAR is unset. */
const interpolate = (s: string): string => s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
const mountOf = (service: string, target: string): Mount | undefined => svc(service).volumes?.find((v) => v.target === target);

describe('docker-compose.yml', () => {
  it('defines the exporter, Prometheus, Alertmanager and Grafana, and the demo generator only in the demo profile', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['alertmanager', 'demo', 'exporter', 'grafana', 'prometheus']);
    expect(Object.entries(compose.services).filter(([, s]) => s.profiles !== undefined).map(([n, s]) => [n, s.profiles])).toEqual([['demo', ['demo']]]);
  });

  it('references only files and directories that exist, and declares every named volume', () => {
    const binds = Object.values(compose.services).flatMap((s) => (s.volumes ?? []).filter((v) => v.type === 'bind').map((v) => interpolate(v.source)));
    expect(binds.filter((p) => !existsSync(resolve(PACKAGE_ROOT, p)))).toEqual([]);
    expect(binds.length).toBe(6);
    const named = Object.values(compose.services).flatMap((s) => (s.volumes ?? []).filter((v) => v.type === 'volume').map((v) => v.source));
    expect([...new Set(named)].sort()).toEqual(Object.keys(compose.volumes).sort());
    for (const s of Object.values(compose.services)) if (s.build) expect(existsSync(join(PACKAGE_ROOT, s.build.context, s.build.dockerfile))).toBe(true);
  });

  it('mounts log directories read-only into a read-only, unprivileged exporter', () => {
    const exporter = svc('exporter');
    expect(exporter.read_only).toBe(true);
    const logMounts = (exporter.volumes ?? []).filter((v) => v.target.startsWith('/var/log/'));
    expect(logMounts.map((v) => [v.target, v.read_only])).toEqual([
      ['/var/log/errcode/host', true],
      ['/var/log/errcode/demo', true],
    ]);
    expect(mountOf('demo', '/var/log/demo')?.source).toBe(mountOf('exporter', '/var/log/errcode/demo')?.source);
  });

  it('agrees on ports and names across the exporter, Prometheus, Alertmanager and Grafana configs', () => {
    const exporter = svc('exporter');
    expect(exporter.ports).toEqual([`${DEFAULT_PORT}:${DEFAULT_PORT}`]);
    const cmd = exporter.command ?? [];
    // Through the environment, so `healthcheck` sees the same address `run` listens on.
    expect(cmd).not.toContain('--web.listen-address');
    expect(exporter.environment?.ERRCODE_WEB_LISTEN_ADDRESS).toBe(`:${DEFAULT_PORT}`);
    expect(cmd[cmd.indexOf('--watch') + 1]).toBe('/var/log/errcode/**/*.log');

    const prom = parse(readFileSync(join(PACKAGE_ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const job = prom.scrape_configs.find((j) => j.job_name === 'errcode-exporter');
    expect(job?.static_configs[0].targets).toEqual([`exporter:${DEFAULT_PORT}`]);
    expect(prom.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['alertmanager:9093']);
    expect(prom.rule_files).toEqual(['rules/*.yml']);
    expect(mountOf('prometheus', '/etc/prometheus/prometheus.yml')?.source).toBe('./deploy/prometheus/prometheus.yml');
    expect(mountOf('prometheus', '/etc/prometheus/rules')?.source).toBe('./deploy/prometheus/rules');
    expect(svc('prometheus').command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(svc('alertmanager').command).toContain('--config.file=/etc/alertmanager/alertmanager.yml');
    expect(mountOf('alertmanager', '/etc/alertmanager/alertmanager.yml')?.source).toBe('./deploy/alertmanager/alertmanager.yml');

    const provider = parse(readFileSync(join(PACKAGE_ROOT, 'deploy/grafana/provisioning/dashboards/errcode-exporter.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    const dashboardsMount = mountOf('grafana', provider.providers[0].options.path);
    expect(dashboardsMount?.source).toBe('./deploy/grafana/dashboards');
    expect(mountOf('grafana', '/etc/grafana/provisioning')?.source).toBe('./deploy/grafana/provisioning');
    const home = svc('grafana').environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    expect(existsSync(join(PACKAGE_ROOT, 'deploy/grafana/dashboards', home.replace('/etc/grafana/dashboards/', '')))).toBe(true);
  });

  it('gives every long-running service a healthcheck, the exporter `healthcheck --ready` with run\'s own settings', () => {
    for (const name of ['exporter', 'prometheus', 'alertmanager', 'grafana']) expect(svc(name).healthcheck?.test?.[0], name).toBe('CMD');
    expect(svc('exporter').healthcheck?.test).toEqual(['CMD', 'node', '/app/dist/cli/main.js', 'healthcheck', '--ready', '--quiet', '--timeout', '4s']);
  });

  it('runs the demo generator that exists in the image', () => {
    const entry = svc('demo').entrypoint ?? [];
    expect(entry[1]).toBe('/app/examples/demo-generator/write-demo-logs.mjs');
    expect(existsSync(join(PACKAGE_ROOT, 'examples/demo-generator/write-demo-logs.mjs'))).toBe(true);
  });
});

describe('Dockerfile', () => {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const final = instructions.slice(instructions.map((l) => l.startsWith('FROM ')).lastIndexOf(true));

  it('builds in stages and runs as the unprivileged node user', () => {
    expect(instructions.filter((l) => l.startsWith('FROM ')).length).toBe(3);
    expect(final.filter((l) => l.startsWith('USER '))).toEqual(['USER node']);
    expect(final).toContain(`EXPOSE ${DEFAULT_PORT}`);
  });

  it('copies only paths that exist and that .dockerignore does not exclude', () => {
    const ignored = readFileSync(join(PACKAGE_ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const sources = instructions
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.filter((s) => !existsSync(join(PACKAGE_ROOT, s)))).toEqual([]);
    expect(sources.filter((s) => ignored.includes(s))).toEqual([]);
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
  });

  it('copies into the build stage every script `npm run build` runs', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: { build: string } };
    const scripts = [...pkg.scripts.build.matchAll(/\bnode (scripts\/\S+)/g)].map((m) => m[1] as string);
    expect(scripts).toContain('scripts/bundle-cli.mjs');
    const build = instructions.slice(0, instructions.findIndex((l) => l.startsWith('RUN npm run build')));
    const copied = build.filter((l) => l.startsWith('COPY ')).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(scripts.filter((script) => !copied.some((c) => script === c || script.startsWith(`${c.replace(/\/$/, '')}/`)))).toEqual([]);
  });

  it('builds in the directory it runs in (the start-up snapshot is used only where it was built)', () => {
    const workdirs = instructions.filter((l) => l.startsWith('WORKDIR '));
    expect(new Set(workdirs)).toEqual(new Set(['WORKDIR /app']));
    expect(final).toContain('COPY --from=build /app/dist ./dist');
  });

  it('probes with the healthcheck command, which reads the ERRCODE_* settings run reads', () => {
    expect(final.find((l) => l.startsWith('HEALTHCHECK '))).toMatch(/ CMD \["node", "\/app\/dist\/cli\/main\.js", "healthcheck", "--quiet", "--timeout", "4s"\]$/);
    expect(final).toContain(`ENV ERRCODE_WEB_LISTEN_ADDRESS=:${DEFAULT_PORT}`);
  });

  it('carries OCI labels, the version one defaulting to package.json\'s version', () => {
    const labels = [...final.filter((l) => l.startsWith('LABEL ')).join(' ').matchAll(/(org\.opencontainers\.image\.[a-z]+)=/g)].map((m) => m[1]);
    expect(labels).toEqual(['title', 'description', 'version', 'revision', 'created', 'licenses', 'documentation'].map((k) => `org.opencontainers.image.${k}`));
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; license: string };
    expect(final).toContain(`ARG VERSION=${pkg.version}`);
    expect(final.join(' ')).toContain(`org.opencontainers.image.licenses="${pkg.license}"`);
  });

  it('starts the built CLI with the same defaults compose uses', () => {
    expect(final).toContain('ENTRYPOINT ["/app/bin/errcode-exporter"]');
    expect(final).toContain('COPY bin ./bin');
    expect(final.find((l) => l.startsWith('CMD '))).toBe(`CMD ${JSON.stringify(svc('exporter').command).replaceAll(',', ', ')}`);
    expect(existsSync(join(PACKAGE_ROOT, 'src/cli/main.ts'))).toBe(true);
  });
});

describeWithTools(['docker-compose'], 'docker-compose config (Compose Specification schema bundled with docker-compose)', () => {
  it('validates with and without the demo profile', () => {
    for (const args of [['config', '-q'], ['--profile', 'demo', 'config', '-q']]) {
      const res = spawnSync('docker-compose', ['-f', 'docker-compose.yml', ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
      expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);
    }
    const services = spawnSync('docker-compose', ['-f', 'docker-compose.yml', '--profile', 'demo', 'config', '--services'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    expect(services.stdout.trim().split('\n').sort()).toEqual(['alertmanager', 'demo', 'exporter', 'grafana', 'prometheus']);
  });
});
