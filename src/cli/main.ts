#!/usr/bin/env node
// The errcode-exporter command line: one program, one subcommand per job, each in its own file.
// Turns on V8's linear-time fallback for regexes. Rule regexes are compiled by that module's compileSafeRegex, so its
// flags are set before the first of them whatever order modules are evaluated in (the bundle moves this import
// after the chunks with named imports); imported here so every command has the flags from its start.
import '../regex/safe-regex.js';
import { runProgram } from './program.js';

runProgram();
