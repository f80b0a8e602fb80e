#!/usr/bin/env node
// Run by `npm run build` after tsc: loads the bundled catalogs and rules once, with every check, and writes
// what their loaders parsed to dist/knowledge-snapshot.json (see load/yaml-snapshot.ts). Knowledge that does not
// load gets no snapshot (the old one is removed) but does not fail the build: `check` reports it, the CLI parses.
import '../regex/safe-regex.js';
import { rmSync } from 'node:fs';
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../cli/package-info.js';
import { formatLoadError, LoadErrors } from '../load/load-error.js';
import { SNAPSHOT_FILE, startRecording, writeSnapshot } from '../load/yaml-snapshot.js';
import { loadKnowledge } from './load-knowledge.js';

startRecording();
try {
  const knowledge = loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
  const files = writeSnapshot();
  process.stdout.write(`knowledge snapshot: ${files} files, version ${knowledge.version} -> ${SNAPSHOT_FILE}\n`);
} catch (err) {
  if (!(err instanceof LoadErrors)) throw err;
  rmSync(SNAPSHOT_FILE, { force: true });
  process.stderr.write(`${err.errors.map(formatLoadError).join('\n')}\nThe bundled knowledge does not load, so no snapshot of it was written.\n`);
}
