// `errcode-exporter run`: placeholder until its issue lands.
import type { Command } from 'commander';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('(not implemented yet)')
    .action(() => {
      process.stderr.write('errcode-exporter: "run" is not implemented yet.\n');
      process.exitCode = 2;
    });
}
