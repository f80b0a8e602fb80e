// commander's values, from one module (eslint): the built CLI bundles commander (scripts/bundle-cli.mjs), its
// `node:child_process` loaded only if a subcommand is an executable (none is), which takes ~5 ms off every
// command's start-up against requiring it from node_modules (bench/README.md). Types come from `commander`.
export { Command, Option } from 'commander';
