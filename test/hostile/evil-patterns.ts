// Known catastrophic-backtracking patterns from the ReDoS literature, each written as a rule pattern (with
// a `code` group) and paired with the line that makes a backtracking engine explode on it.

export interface EvilPattern {
  /** Rule id in the generated rule file. */
  readonly id: string;
  readonly pattern: string;
  /** Where the pattern is from. */
  readonly source: string;
  /**
   * The hostile line for a size `n`: the pattern fails expensively from (almost) every start, and where
   * `match` is set, a real match waits at the end, so only an engine that finishes the search finds it.
   */
  readonly line: (n: number) => string;
  /** The code the line yields (the last match of the pattern), or undefined when the line has none. */
  readonly match?: string;
  /**
   * `exponential`: V8 counts the backtracking and hands the search to its linear engine (the fallback).
   * `polynomial`: the work is in greedy/lazy loop steps V8 does not count, so the fallback comes late or
   * never and the cost grows with the square (or worse) of the line: bounded only by the line cap.
   */
  readonly kind?: 'exponential' | 'polynomial';
  /** Expected load problem: the construct it points at (first occurrence in `pattern`) and the message start. */
  readonly refused?: { readonly at: string; readonly message: string };
}

const as = (n: number): string => 'a'.repeat(n);

/** Every line contains `aaa` (the rules' anchor) from n = 3 on; rule files have no flags to set. */
export const EVIL_PATTERNS: readonly EvilPattern[] = [
  { id: 'nested-plus', kind: 'exponential', pattern: '(?<code>(a+)+)$', source: 'OWASP ReDoS: (a+)+', line: (n) => `${as(n)}! aaa`, match: 'aaa' },
  { id: 'overlapping-alternation', kind: 'exponential', pattern: '(?<code>(a|aa)+)$', source: 'OWASP ReDoS: (a|aa)+', line: (n) => `${as(n)}! aaa`, match: 'aaa' },
  { id: 'optional-alternation', kind: 'exponential', pattern: '(?<code>(a|a?)+)$', source: 'OWASP ReDoS: (a|a?)+', line: (n) => `${as(n)}! aaa`, match: 'aaa' },
  { id: 'star-star', kind: 'exponential', pattern: '(?<code>(a*)*)b', source: 'Davis et al. 2018, nested quantifiers', line: (n) => `${as(n)}! aaab`, match: 'aaa' },
  { id: 'dot-star-counted', pattern: '(?<code>(.*a){12})!', source: 'OWASP ReDoS: (.*a){x} for x > 10', kind: 'polynomial', line: (n) => `aaa${('b'.repeat(n >> 3) + 'a').repeat(8)}` },
  { id: 'class-plus-star', kind: 'exponential', pattern: '(?<code>([a-zA-Z]+)*)$', source: 'OWASP ReDoS: ([a-zA-Z]+)*', line: (n) => `${as(n)}! aaa`, match: 'aaa' },
  { id: 'word-space', kind: 'exponential', pattern: '(?<code>(\\w+\\s?)+)$', source: 'Stack Overflow 2016 outage family: (\\w+\\s?)+$', line: (n) => `${as(n)}! aaa`, match: 'aaa' },
  { id: 'java-classname', kind: 'exponential', pattern: '^(?<code>(([a-z])+.)+[A-Z]([a-z])+)$', source: 'OWASP ReDoS: Java class name', line: (n) => `${as(n)}!` },
  { id: 'x-plus-x-plus', kind: 'exponential', pattern: '(?<code>(x+x+)+)y', source: 'regular-expressions.info: (x+x+)+y', line: (n) => `aaa ${'x'.repeat(n)} xxy`, match: 'xx' },
  { id: 'digit-alternation', kind: 'exponential', pattern: '(?<code>(\\d|\\d\\d)+)$', source: 'Weideman et al. 2016 (RXXR2 class)', line: (n) => `aaa ${'1'.repeat(n)}! 42`, match: '42' },
  {
    id: 'trim-spaces',
    pattern: '(?<code>[\\s\\u200c]+)$',
    source: 'Stack Overflow 2016 outage: ^[\\s\\u200c]+|[\\s\\u200c]+$ (quadratic)',
    line: (n) => `aaa${' '.repeat(n)}!`,
    kind: 'polynomial',
  },
  {
    id: 'cloudflare-2019',
    pattern: '(?<code>.*.*=.*)!$',
    source: 'Cloudflare outage 2019-07-02: .*(?:.*=.*)',
    line: (n) => `aaa${'x='.repeat(n >> 1)}`,
    kind: 'polynomial',
  },
  {
    id: 'email-owasp',
    kind: 'exponential',
    pattern: '^(?<code>([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@)[a-z0-9]+[.](([a-z]{2,3})|([a-z]{2,3}[.][a-z]{2,3})))$',
    source: 'OWASP ReDoS: e-mail validation',
    line: (n) => `aaa${as(n)}!`,
  },
  {
    id: 'greedy-lookahead',
    pattern: '(?<code>a.*b|a)',
    source: 'polynomial per match: every short match scans to the end of the line',
    line: (n) => as(n),
    match: 'a',
    kind: 'polynomial',
  },
  { id: 'word-run', pattern: '(?<code>\\w+)!', source: 'greedy loop, no nesting: every start scans the run', line: (n) => as(n), kind: 'polynomial' },
  { id: 'lazy-gap', pattern: '(?<code>aaa.*?)!', source: 'lazy gap across the line (the bundled rules had two)', line: (n) => as(n), kind: 'polynomial' },
  { id: 'backreference', pattern: '(?<code>(a+)\\1+)$', source: 'backreferences (NP-hard in general)', line: (n) => as(n), refused: { at: '\\1', message: 'pattern: backreference \\1 cannot run in linear time' } },
  {
    id: 'named-backreference',
    pattern: '(?<code>a+)\\k<code>',
    source: 'named backreferences',
    line: (n) => as(n),
    refused: { at: '\\k', message: 'pattern: named backreference \\k<...> cannot run in linear time' },
  },
  { id: 'lookahead', pattern: '(?=(a+)+$)(?<code>a)', source: 'lookaround around a nested quantifier', line: (n) => as(n), refused: { at: '(?=', message: 'pattern: lookahead "(?=" cannot run in linear time' } },
  { id: 'lookbehind', pattern: '(?<=(a+)+)(?<code>b)', source: 'lookbehind', line: (n) => as(n), refused: { at: '(?<=', message: 'pattern: lookbehind "(?<=" cannot run in linear time' } },
  { id: 'big-count', pattern: '(?<code>(.*a){20})', source: 'OWASP ReDoS: (.*a){x}, x = 20', line: (n) => as(n), refused: { at: '{20}', message: 'pattern: repetition {20} is above 16' } },
  { id: 'nested-counts', pattern: '(?<code>(?:a{4}){5})', source: 'counted repetition products', line: (n) => as(n), refused: { at: '{4}', message: 'pattern: invalid regular expression: Cannot be executed in linear time' } },
  { id: 'inline-flag', pattern: '(?i:(?<code>(a+)+))$', source: 'inline modifiers', line: (n) => as(n), refused: { at: '(?i', message: 'pattern: group "(?i" is not supported' } },
];

/** The rule file declaring every pattern of `patterns` (family aclnn, anchor `aaa`), as loadRules reads it. */
export function evilRuleFile(patterns: readonly EvilPattern[]): string {
  const rules = patterns.map((p) =>
    [
      `  - id: evil-${p.id}`,
      `    anchors: ["aaa"]`,
      `    pattern: '${p.pattern}'`,
      `    tests:`,
      `      - line: "aaa"`,
      `        none: true`,
    ].join('\n'),
  );
  return `family: aclnn\nrules:\n${rules.join('\n')}\n`;
}
