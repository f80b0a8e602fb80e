// `errcode-exporter explain <code>`: what a code means, its class and why, and what to do, from any
// spelling a log may use. Unknown codes exit 1; catalog problems exit 2 with every position.
import type { Command } from 'commander';
import { endQuietlyWhenStdoutCloses } from '../closed-stdout.js';
import { Option } from '../commander.js';
import type { Lang } from '../../catalog/format-entry.js';
import { formatEntriesJson, formatEntriesText } from '../../catalog/format-entry.js';
import { knownFamilyOrReport, loadCatalogsOrReport } from '../../catalog/load-catalogs-or-report.js';
import { DEFAULT_CATALOG_DIR } from '../package-info.js';

interface ExplainOptions {
  family?: string;
  lang: Lang;
  format: 'text' | 'json';
  catalogs: string;
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      'Explain a vendor error code: what it means, whether it is retryable or fatal and why, and the remedy.\n' +
        'Any spelling works: decimal, hex, enum name (with or without its LLMStatusCode. prefix), alias.\n' +
        'A code known in several families lists every match; an unknown code exits 1.',
    )
    .argument('<code>', 'the code as it appears in a log, e.g. 161002, 0x5010b001, APIGW.0308')
    .option('--family <id>', 'look only in this family (aclnn, acl-runtime, cann-errmsg, core-vision, llm-datadist, speech-sdk, huawei-cloud, npu-fault)')
    .addOption(new Option('--lang <lang>', 'language of the message, cause and remedy').choices(['en', 'zh']).default('en'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--catalogs <dir>', 'directory of catalog files (*.yaml)', DEFAULT_CATALOG_DIR)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  errcode-exporter explain 161002\n' +
        '  errcode-exporter explain 1343270913              # decimal form of 0x5010B001\n' +
        '  errcode-exporter explain LLMStatusCode.LLM_LINK_FAILED --lang zh\n' +
        '  errcode-exporter explain APIGW.0308 --format json\n' +
        '  errcode-exporter explain 200 --family core-vision\n' +
        '  errcode-exporter explain 80E01801 --catalogs ./my-catalogs   # npu-fault id with its MindCluster level (catalog import-mindcluster)\n' +
        '\nExit status: 0 found, 1 unknown code, 2 bad catalogs or usage.\n',
    )
    .hook('preAction', endQuietlyWhenStdoutCloses)
    .action((code: string, opts: ExplainOptions) => {
      const index = loadCatalogsOrReport(opts.catalogs);
      if (index === undefined || !knownFamilyOrReport(index, opts.family)) return;
      const found = opts.family === undefined ? index.find(code) : [index.lookup(opts.family, code)].filter((e) => e !== undefined);
      if (found.length === 0) {
        const where = opts.family === undefined ? 'any family' : `family "${opts.family}"`;
        if (opts.format === 'json') process.stdout.write('[]\n');
        process.stderr.write(
          `errcode-exporter: "${code}" is not a known code in ${where}.\n` +
            `Run "errcode-exporter catalog list${opts.family === undefined ? '' : ` --family ${opts.family}`}" to see every known code.\n`,
        );
        process.exitCode = 1;
        return;
      }
      process.stdout.write(opts.format === 'json' ? formatEntriesJson(found) : formatEntriesText(code, found, opts.lang));
    });
}
