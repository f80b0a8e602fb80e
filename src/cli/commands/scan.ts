// `errcode-exporter scan`: placeholder until its issue lands.
import type { Command } from 'commander';

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('(not implemented yet)')
    .action(() => {
      process.stderr.write('errcode-exporter: "scan" is not implemented yet.\n');
      process.exitCode = 2;
    });
}
