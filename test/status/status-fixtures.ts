// Shared by the status tests: the bundled knowledge, events and positions with defaults, and a settable clock.
import { DEFAULT_CATALOG_DIR, DEFAULT_RULES_DIR } from '../../src/cli/package-info.js';
import type { Knowledge } from '../../src/knowledge/load-knowledge.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { PositionRecord } from '../../src/sources/files/positions-file.js';
import type { CodeEvent } from '../../src/types.js';

let cached: Knowledge | undefined;
export function bundledKnowledge(): Knowledge {
  cached ??= loadKnowledge({ catalogDir: DEFAULT_CATALOG_DIR, rulesDir: DEFAULT_RULES_DIR });
  return cached;
}

export function codeEvent(overrides: Partial<CodeEvent> = {}): CodeEvent {
  return {
    family: 'aclnn', code: '161002', name: 'ACLNN_ERR_PARAM_INVALID', class: 'fatal', classBasis: 'policy', rule: 'aclnn-code-near-cue',
    raw: '161002', labels: {}, source: 'device', path: '/var/log/a.log', lineNo: 7, line: 'call aclnnAdd failed, error code is 161002',
    ...overrides,
  };
}

export function position(overrides: Partial<PositionRecord> = {}): PositionRecord {
  return { dev: 1, ino: 10, headSha256: '0'.repeat(64), headBytes: 0, source: 'device', path: '/var/log/a.log', offset: 0, line: 0, skipping: false, ...overrides };
}

/** A wall clock the test sets. */
export class TestClock {
  constructor(public t = 1_000_000) {}
  readonly now = (): number => this.t;
}
