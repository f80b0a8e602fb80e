// Child process for the hostile-line tests: loads rules and catalogs from the built dist/ exactly as the CLI
// does (importing the rules compiler turns on V8's linear-engine fallback), runs lineToEvents on each line of
// a job, and prints one JSON result per line. Run it with --trace-experimental-regexp-engine to see, between
// a line's `LINE` marker and its result, one "Experimental execution" line per search V8 handed to the
// linear-time engine. A parent process guards it with a hard timeout: a hang fails a test, never freezes it.
import { readFileSync } from 'node:fs';
import { loadCatalogs } from '../../../dist/catalog/load-catalogs.js';
import { createKnowledge } from '../../../dist/knowledge/load-knowledge.js';
import { loadRuleFiles } from '../../../dist/rules/load-rules.js';
import { UnknownCodes } from '../../../dist/transforms/enrich/unknown-codes.js';
import { lineToEvents } from '../../../dist/transforms/line-to-events.js';

/**
 * The job (JSON file named by argv[2]):
 * { catalogDir, repeats, groups: [{ name, ruleFiles: [path], lines: [{ name, text }] }] }
 * Output per line: `LINE <group>/<name>`, then `{"group","line","length","codes","micros"}` where codes are
 * the events' `family/code` and micros the fastest of `repeats` runs (for reports, never for assertions).
 */
const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const catalog = loadCatalogs(job.catalogDir);
const out = (text) => process.stdout.write(`${text}\n`);

for (const group of job.groups) {
  const knowledge = createKnowledge(catalog, loadRuleFiles(group.ruleFiles));
  for (const line of group.lines) {
    out(`LINE ${group.name}/${line.name}`);
    let micros = Infinity;
    let codes = [];
    for (let i = 0; i < job.repeats; i++) {
      const logLine = { source: 'hostile', path: '-', lineNo: 1, text: line.text };
      const started = process.hrtime.bigint();
      const events = lineToEvents(logLine, knowledge, new UnknownCodes());
      micros = Math.min(micros, Number(process.hrtime.bigint() - started) / 1000);
      codes = events.map((e) => `${e.family}/${e.code}`);
    }
    out(JSON.stringify({ group: group.name, line: line.name, length: line.text.length, codes, micros: Math.round(micros) }));
  }
}
