// `errcode-exporter catalog list|import|import-cann|import-mindcluster|alert-rules|recording-rules`: shows the
// loaded catalogs, rebuilds a catalog from its vendor seed plus overlay (or checks that the committed one is
// still exactly what the import gives), and writes the catalogs' escalations as alert rules and their text as
// recording rules for a fleet.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Command } from 'commander';
import { endQuietlyWhenStdoutCloses } from '../closed-stdout.js';
import { Option } from '../commander.js';
import { formatEntriesJson, formatEntriesTable } from '../../catalog/format-entry.js';
import { knownFamilyOrReport, loadCatalogsOrReport, reportLoadErrorsIfAny } from '../../catalog/load-catalogs-or-report.js';
import { DEFAULT_CATALOG_DIR, PACKAGE_ROOT } from '../package-info.js';

/** The escalation rules file the package ships, which `alert-rules --check` compares with by default. */
const DEFAULT_ESCALATION_RULES = join(PACKAGE_ROOT, 'deploy', 'prometheus', 'rules', 'errcode-escalation.yml');
/** The catalog text's recording rules the package ships, which `recording-rules --check` compares with by default. */
const DEFAULT_CATALOG_RULES = join(PACKAGE_ROOT, 'deploy', 'prometheus', 'rules', 'errcode-catalog.yml');
const EDIT_CATALOG_TEXT = 'Edit the catalogs, not the rules file, then regenerate with:';
const EDIT_OVERLAY = 'Edit the overlay, not the catalog, then regenerate with:';
const EDIT_CATALOG = "Edit the catalogs' escalate: entries, not the rules file, then regenerate with:";

/**
 * A package file as a person would type it: relative to the working directory inside the package (a checkout),
 * else `<errcode-exporter>/...`, never this machine's absolute path. Paths the user typed are shown as typed.
 */
function shownPackagePath(path: string): string {
  const here = relative(process.cwd(), path);
  return here !== '' && !here.startsWith('..') && !isAbsolute(here) ? here : `<errcode-exporter>/${relative(PACKAGE_ROOT, path).split(sep).join('/')}`;
}

interface ListOptions {
  family?: string;
  format: 'json' | 'table';
  catalogs: string;
}

interface ImportOptions {
  family: string;
  overlay?: string;
  output?: string;
  check?: boolean;
}

export function registerCatalogCommand(program: Command): void {
  const catalog = program
    .command('catalog')
    .description('List the vendor error-code catalogs, or import a catalog from a vendor reference (seed).')
    .hook('preAction', endQuietlyWhenStdoutCloses); // for every subcommand

  catalog
    .command('list')
    .description('Print every catalog entry, as JSON for programs or as an aligned table for people.')
    .option('--family <id>', 'only this family (aclnn, acl-runtime, cann-errmsg, core-vision, llm-datadist, speech-sdk, huawei-cloud, npu-fault)')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('table'))
    .option('--catalogs <dir>', 'directory of catalog files (*.yaml)', DEFAULT_CATALOG_DIR)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  errcode-exporter catalog list --family llm-datadist\n' +
        '  errcode-exporter catalog list --format json | jq \'.[] | select(.class == "retryable") | .code\'\n' +
        '  errcode-exporter catalog list --catalogs ./my-catalogs --format json\n',
    )
    .action((opts: ListOptions) => {
      const index = loadCatalogsOrReport(opts.catalogs);
      if (index === undefined || !knownFamilyOrReport(index, opts.family)) return;
      const entries = index.entries(opts.family);
      process.stdout.write(opts.format === 'json' ? formatEntriesJson(entries) : formatEntriesTable(entries));
    });

  catalog
    .command('import')
    .description(
      'Turn a vendor reference (seed) into catalog YAML, merged with the hand-maintained overlay that adds what\n' +
        'the seed lacks (English text, classes, aliases). Same inputs, byte-identical output.',
    )
    .argument('<seed-file>', 'the vendor reference: HTML table, tiledSection page, constexpr block, pipe table')
    .requiredOption('--family <id>', 'the family id the catalog is for, e.g. llm-datadist')
    .option('--overlay <file>', 'the overlay to merge (default: catalogs/overlays/<family>.yaml in the package)')
    .option('--output <file>', 'write the catalog here instead of to stdout')
    .option('--check', 'do not write; exit 1 if the committed catalog (or --output) differs from a fresh import')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  errcode-exporter catalog import seeds/002_479606296454d700.txt --family llm-datadist --output catalogs/llm-datadist.yaml\n' +
        '  errcode-exporter catalog import seeds/003_7b3f41240b62f926.txt --family speech-sdk --check\n' +
        '  errcode-exporter catalog import new-vendor.txt --family new-vendor --overlay my-overlay.yaml\n',
    )
    .action(async (seedFile: string, opts: ImportOptions) => {
      // Loaded on use: importing needs the YAML library and the overlay schema, which no other command loads at start.
      const { importSeed } = await import('../../catalog/import/import-seed.js');
      let yaml: string;
      try {
        yaml = importSeed({ seedFile, family: opts.family, ...(opts.overlay !== undefined && { overlayFile: opts.overlay }) });
      } catch (err) {
        if (reportLoadErrorsIfAny(err, `the import of ${seedFile}`)) return;
        throw err;
      }
      if (opts.check) {
        const target = opts.output ?? join(DEFAULT_CATALOG_DIR, `${opts.family}.yaml`);
        const overlay = opts.overlay === undefined ? '' : ` --overlay ${opts.overlay}`;
        const shown = opts.output ?? shownPackagePath(target);
        checkGenerated(yaml, { path: target, shown }, { kind: 'import', from: seedFile }, `errcode-exporter catalog import ${seedFile} --family ${opts.family}${overlay} --output ${shown}`, EDIT_OVERLAY);
      } else if (opts.output !== undefined) {
        writeFileSync(opts.output, yaml);
        process.stderr.write(`Wrote ${opts.output}.\n`);
      } else {
        process.stdout.write(yaml);
      }
    });

  catalog
    .command('recording-rules')
    .description(
      'Print the Prometheus recording rules that carry the catalog text once for a fleet: one errcode:catalog_info\n' +
        'series per entry (what the exporter\'s errcode_catalog_info says, without job and instance). Load them with\n' +
        'the shipped alerts and set metrics.catalog_info: false on the exporters.',
    )
    .option('--catalogs <dir>', 'directory of catalog files (*.yaml)', DEFAULT_CATALOG_DIR)
    .option('--output <file>', 'write the rule file here instead of to stdout')
    .option('--check', "do not write; exit 1 if --output (default: the package's deploy/prometheus/rules/errcode-catalog.yml) differs from what the catalogs generate now")
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  errcode-exporter catalog recording-rules --output deploy/prometheus/rules/errcode-catalog.yml\n' +
        '  errcode-exporter catalog recording-rules --catalogs ./my-catalogs --output rules/errcode-catalog.yml\n' +
        '  errcode-exporter catalog recording-rules --output deploy/prometheus/rules/errcode-catalog.yml --check\n',
    )
    .action(async (opts: { catalogs: string; output?: string; check?: boolean }) => {
      const index = loadCatalogsOrReport(opts.catalogs);
      if (index === undefined) return;
      const { catalogRecordingRules } = await import('../../catalog/catalog-recording-rules.js');
      emitGeneratedRules(catalogRecordingRules(index), opts, { command: 'recording-rules', packageFile: DEFAULT_CATALOG_RULES, advice: EDIT_CATALOG_TEXT });
    });

  catalog
    .command('import-cann')
    .description(
      "Build the cann-errmsg catalog from this host's CANN installation: the vendor's text for every code in its\n" +
        'conf/error_manager/error_code.json files, with our classes where the bundled catalog has them and\n' +
        "CANN's numbering elsewhere (x9999 inner errors, lower numbers user or environment errors; all fatal).",
    )
    .argument('<error-code-json...>', 'one or more error_code.json files, e.g. <toolkit>/conf/error_manager/error_code.json')
    .option('--catalogs <dir>', 'where the cann-errmsg catalog to merge over is (its classes and texts win for Chinese)', DEFAULT_CATALOG_DIR)
    .option('--output <file>', 'write the catalog here instead of to stdout')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  cp -r $(npm root -g)/errcode-exporter/catalogs ./my-catalogs\n' +
        '  errcode-exporter catalog import-cann /usr/local/Ascend/ascend-toolkit/latest/conf/error_manager/error_code.json \\\n' +
        '      --output ./my-catalogs/cann-errmsg.yaml\n' +
        '  errcode-exporter run --watch /var/log/npu/**/*.log --catalogs ./my-catalogs\n',
    )
    .action(async (files: string[], opts: { catalogs: string; output?: string }) => {
      const index = loadCatalogsOrReport(opts.catalogs);
      if (index === undefined) return;
      const bundled = index.families.some((f) => f.id === 'cann-errmsg') ? index.entries('cann-errmsg') : [];
      const { importCannErrorCodes } = await import('../../catalog/import/import-cann-error-codes.js');
      let yaml: string;
      try {
        const result = importCannErrorCodes(files, bundled);
        yaml = result.yaml;
        for (const note of result.notes) process.stderr.write(`${note}\n`);
      } catch (err) {
        if (reportLoadErrorsIfAny(err, `the import of ${files.join(', ')}`)) return;
        throw err;
      }
      if (opts.output !== undefined) {
        writeFileSync(opts.output, yaml);
        process.stderr.write(`Wrote ${opts.output}.\n`);
      } else {
        process.stdout.write(yaml);
      }
    });

  catalog
    .command('import-mindcluster')
    .description(
      "Build the npu-fault catalog from this cluster's MindCluster fault configuration: every device fault event id\n" +
        'in faultCode.json with its handling level (NotHandleFault ... SeparateNPU), a class derived from the level, and\n' +
        "the customisation file's frequency rules (FaultFrequency) as escalations for `catalog alert-rules`.",
    )
    .argument('<fault-code-json>', "ascend-device-plugin's faultCode.json")
    .option('--customization <file>', 'its faultCustomization.json, whose FaultFrequency rules become escalations')
    .option('--catalogs <dir>', 'where the npu-fault catalog to merge over is (its texts win)', DEFAULT_CATALOG_DIR)
    .option('--output <dir-or-file>', 'write the catalog here (a directory gets npu-fault.yaml) instead of to stdout')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  cp -r $(npm root -g)/errcode-exporter/catalogs ./my-catalogs\n' +
        '  errcode-exporter catalog import-mindcluster faultCode.json --customization faultCustomization.json --output ./my-catalogs\n' +
        '  errcode-exporter explain 80E01801 --catalogs ./my-catalogs\n' +
        '  errcode-exporter catalog alert-rules --catalogs ./my-catalogs --output errcode-escalation.yml\n',
    )
    .action(async (faultCodeFile: string, opts: { customization?: string; catalogs: string; output?: string }) => {
      const index = loadCatalogsOrReport(opts.catalogs);
      if (index === undefined) return;
      const bundled = index.families.some((f) => f.id === 'npu-fault') ? index.entries('npu-fault') : [];
      const { importMindClusterFaultCodes } = await import('../../catalog/import/import-mindcluster-fault-codes.js');
      let result: { yaml: string; notes: readonly string[] };
      try {
        result = importMindClusterFaultCodes(faultCodeFile, opts.customization, bundled);
      } catch (err) {
        if (reportLoadErrorsIfAny(err, `the import of ${[faultCodeFile, opts.customization].filter((f) => f !== undefined).join(', ')}`)) return;
        throw err;
      }
      for (const note of result.notes) process.stderr.write(`${note}\n`);
      writeOutput(result.yaml, opts.output === undefined ? undefined : intoDirectory(opts.output, 'npu-fault.yaml'));
    });

  catalog
    .command('alert-rules')
    .description(
      "Print the Prometheus alert rules that the catalogs' escalations declare (`escalate: {count, within, severity}`):\n" +
        'a code seen count times within the window on one source fires ErrcodeEscalation with that severity.',
    )
    .option('--catalogs <dir>', 'directory of catalog files (*.yaml)', DEFAULT_CATALOG_DIR)
    .option('--output <file>', 'write the rules here instead of to stdout')
    .option('--check', "do not write; exit 1 if --output (default: the package's deploy/prometheus/rules/errcode-escalation.yml) differs from what the catalogs generate now")
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  errcode-exporter catalog alert-rules --output deploy/prometheus/rules/errcode-escalation.yml\n' +
        '  errcode-exporter catalog alert-rules --catalogs ./my-catalogs --output /etc/prometheus/rules/errcode-escalation.yml\n',
    )
    .action(async (opts: { catalogs: string; output?: string; check?: boolean }) => {
      const index = loadCatalogsOrReport(opts.catalogs);
      if (index === undefined) return;
      const { escalationAlertRules } = await import('../../catalog/escalation-alert-rules.js');
      emitGeneratedRules(escalationAlertRules(index), opts, { command: 'alert-rules', packageFile: DEFAULT_ESCALATION_RULES, advice: EDIT_CATALOG });
    });
}

/** `path` itself, or `name` inside it when it is an existing directory. */
function intoDirectory(path: string, name: string): string {
  return existsSync(path) && statSync(path).isDirectory() ? join(path, name) : path;
}

/**
 * A rules file generated from the catalogs (alert-rules, recording-rules): with --check, compared with --output
 * (default: the package's copy) and a hint naming the command that regenerates it; else written out.
 */
function emitGeneratedRules(
  rules: string,
  opts: { readonly catalogs: string; readonly output?: string; readonly check?: boolean },
  generated: { readonly command: string; readonly packageFile: string; readonly advice: string },
): void {
  if (!opts.check) {
    writeOutput(rules, opts.output);
    return;
  }
  const target = opts.output ?? generated.packageFile;
  const shown = opts.output ?? shownPackagePath(target);
  const bundled = opts.catalogs === DEFAULT_CATALOG_DIR;
  const what = bundled ? 'the bundled catalogs' : `the catalogs in ${opts.catalogs}`;
  const regenerate = `errcode-exporter catalog ${generated.command}${bundled ? '' : ` --catalogs ${opts.catalogs}`} --output ${shown}`;
  checkGenerated(rules, { path: target, shown }, { kind: 'rules', from: what }, regenerate, generated.advice);
}

function writeOutput(text: string, file: string | undefined): void {
  if (file === undefined) {
    process.stdout.write(text);
    return;
  }
  writeFileSync(file, text);
  process.stderr.write(`Wrote ${file}.\n`);
}

/**
 * Compares freshly made text (an import, or rules generated from catalogs) with the committed file; on a
 * difference, says where, what to edit (`advice`) and how to regenerate, naming the file as `target.shown`.
 */
function checkGenerated(
  fresh: string,
  target: { path: string; shown: string },
  made: { kind: 'import' | 'rules'; from: string },
  regenerate: string,
  advice: string,
): void {
  const file = target.shown;
  const committed = existsSync(target.path) ? readFileSync(target.path, 'utf8') : undefined;
  if (committed === fresh) {
    process.stderr.write(`${file} is up to date with ${made.from}.\n`);
    return;
  }
  if (committed === undefined) {
    process.stderr.write(`${file} does not exist; create it with:\n  ${regenerate}\n`);
  } else {
    const want = fresh.split('\n');
    const have = committed.split('\n');
    let line = 0;
    while (line < want.length && want[line] === have[line]) line++;
    process.stderr.write(
      `${file}:${line + 1}: differs from ${made.kind === 'import' ? `a fresh import of ${made.from}` : `what ${made.from} generate`}\n` +
        `  committed: ${have[line] ?? '(end of file)'}\n` +
        `  ${made.kind === 'import' ? 'import:   ' : 'generated:'} ${want[line] ?? '(end of file)'}\n` +
        `${advice}\n  ${regenerate}\n`,
    );
  }
  process.exitCode = 1;
}
