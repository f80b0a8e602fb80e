// `errcode-exporter check`: placeholder until its issue lands.
import type { Command } from 'commander';

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('(not implemented yet)')
    .action(() => {
      process.stderr.write('errcode-exporter: "check" is not implemented yet.\n');
      process.exitCode = 2;
    });
}
