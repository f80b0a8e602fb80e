// `errcode-exporter catalog`: placeholder until its issue lands.
import type { Command } from 'commander';

export function registerCatalogCommand(program: Command): void {
  program
    .command('catalog')
    .description('(not implemented yet)')
    .action(() => {
      process.stderr.write('errcode-exporter: "catalog" is not implemented yet.\n');
      process.exitCode = 2;
    });
}
