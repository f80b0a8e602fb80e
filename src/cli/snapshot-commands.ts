// The commands a start from the V8 start-up snapshot can run (startup-snapshot.ts): bin/errcode-exporter sends
// these, and only these, there (its `case`; test/build/startup-snapshot.test.ts holds the two lists together).
import { registerExplainCommand } from './commands/explain.js';
import { registerScanCommand } from './commands/scan.js';
import type { CommandLoader } from './program.js';

export const SNAPSHOT_COMMANDS: readonly CommandLoader[] = [
  ['scan', () => Promise.resolve(registerScanCommand)],
  ['explain', () => Promise.resolve(registerExplainCommand)],
];
