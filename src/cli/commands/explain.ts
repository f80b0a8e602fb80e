// `errcode-exporter explain`: placeholder until its issue lands.
import type { Command } from 'commander';

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('(not implemented yet)')
    .action(() => {
      process.stderr.write('errcode-exporter: "explain" is not implemented yet.\n');
      process.exitCode = 2;
    });
}
