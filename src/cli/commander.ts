// commander's classes, required rather than imported: commander is CommonJS, and an ESM import of it goes
// through its ESM wrapper and a parse of its index for its exports, ~3 ms of every command's start-up
// (measured, best of 15). Command files import commander values from here only (eslint); types come from
// `commander`.
import { createRequire } from 'node:module';
import type * as CommanderLibrary from 'commander';

const commander = createRequire(import.meta.url)('commander') as typeof CommanderLibrary;

export const Command = commander.Command;
export const Option = commander.Option;
export type Command = CommanderLibrary.Command;
export type Option = CommanderLibrary.Option;
