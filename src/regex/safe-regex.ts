// Makes rule regexes safe on hostile lines. Importing this module turns on V8's fallback from backtracking
// to its linear-time engine after too many backtracks; compileSafeRegex refuses patterns that engine
// cannot run, so every rule pattern has that fallback. A rule regex is compiled here (compileSafeRegex), so this
// module has run, and set the flags, before the first one in any program that compiles rules.
import { setFlagsFromString } from 'node:v8';
import { lintRegex, MAX_BOUNDED_REPETITION, MAX_LINEAR_REPETITION } from './lint-regex.js';
import type { NamedGroup, RegexProblem } from './lint-regex.js';
import { SAFE_REGEX_V8_FLAGS } from './safe-regex-flags.js';

export { BACKTRACKS_BEFORE_FALLBACK, SAFE_REGEX_V8_FLAGS } from './safe-regex-flags.js';

for (const flag of SAFE_REGEX_V8_FLAGS) setFlagsFromString(flag);

/**
 * Lines longer than this run rule regexes on their linear-only twin. V8's fallback counts backtracks, not the
 * steps of a greedy or lazy loop, so a polynomial pattern such as `(\w+)!` or a `.*?` gap passes the load-time
 * lint and took 1.7-5.2 s on a 64 KiB line without ever falling back. The twin bounds any pattern (measured
 * here: ~62 ms for the worst 64 KiB line). Below 8 KiB the fast engine's quadratic worst case is about the
 * same (~70 ms at 8 KiB), while an ordinary 3 KB line with a code costs ~20 us on it against ~1.5 ms on the
 * twin, so long JSON bodies and tracebacks keep the fast engine.
 */
export const LINEAR_ONLY_ABOVE_CHARS = 8192;

export type SafeRegex =
  | {
      readonly ok: true;
      /** For lines up to LINEAR_ONLY_ABOVE_CHARS: the backtracking engine, with V8's fallback. */
      readonly regex: RegExp;
      /** The same pattern on the linear-time engine only, for longer lines (see pickRegex). */
      readonly linear: RegExp;
      readonly groups: readonly NamedGroup[];
    }
  | { readonly ok: false; readonly problems: readonly RegexProblem[]; readonly groups: readonly NamedGroup[] };

/** Flags a rule may use: `g` to find every match, `y` for sticky scans. No `i`/`u`/`s`: the linear engine refuses them. */
const ALLOWED_FLAGS = /^[gy]*$/;

/**
 * Compiles `source` for the backtracking engine after checking that V8's linear-time engine accepts it,
 * reporting every problem with its offset into `source`. Never throws for a bad pattern.
 */
export function compileSafeRegex(source: string, flags = ''): SafeRegex {
  if (!ALLOWED_FLAGS.test(flags)) throw new Error(`compileSafeRegex: flags "${flags}" are not allowed; use only g and y`);
  const bounded = boundedPerPosition(source);
  const lint = lintRegex(source, bounded ? MAX_BOUNDED_REPETITION : MAX_LINEAR_REPETITION);
  if (lint.problems.length > 0) return { ok: false, problems: lint.problems, groups: lint.groups };
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (err) {
    return { ok: false, problems: [{ offset: 0, message: v8Message(err) }], groups: lint.groups };
  }
  // Bounded work per start position (see boundedPerPosition): the fast engine is linear in the line for it,
  // so long lines keep it and no twin is needed (bounded repetitions over 16 could not have one anyway).
  if (bounded) return { ok: true, regex, linear: regex, groups: lint.groups };
  let linear: RegExp;
  try {
    linear = new RegExp(source, `${flags}l`);
  } catch (err) {
    const counted = source.search(/\{\d/);
    return {
      ok: false,
      problems: [
        {
          offset: Math.max(counted, 0),
          message: `${v8Message(err)} (the linear-time engine allows repetition counts of at most 16 in total, e.g. no {4} inside {5})`,
        },
      ],
      groups: lint.groups,
    };
  }
  // A pattern whose every repetition is bounded and applies to a single character or class does a bounded
  // amount of work per start position on the fast engine too, so long lines keep the fast engine for it:
  // a family's code-shape token such as `\b(?<code>[135]61\d\d\d)\b` cost ~30 ms on the twin for a 64 KiB
  // line of digits and well under 1 ms here.
  return { ok: true, regex, linear, groups: lint.groups };
}

/**
 * True when each start position costs at most a constant that depends on the pattern alone: no repetition is
 * unbounded (`*`, `+`, `{n,}`) and none applies to a group. A pattern anchored at the start (`^...` with no
 * top-level `|`) is tried at one position only, so unbounded loops on single characters or classes are allowed
 * there. Conservative: may say false.
 */
export function boundedPerPosition(source: string): boolean {
  const anchored = source.startsWith('^') && !hasTopLevelAlternation(source);
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if ((ch === '*' || ch === '+' || ch === '?' || ch === '{') && source[i - 1] === ')') return false;
    else if (ch === '*' || ch === '+') {
      if (!anchored) return false;
    } else if (ch === '{' && /^\{\d+,\}/.test(source.slice(i, i + 12)) && !anchored) return false;
  }
  return true;
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/** A compiled rule regex: the fast engine for ordinary lines, the linear-only twin for long ones. */
export interface GuardedRegex {
  readonly fast: RegExp;
  readonly linear: RegExp;
}

/** The variant to run on `text`: decided by length alone, so the choice costs one comparison. */
export function pickRegex(re: GuardedRegex, text: string): RegExp {
  return text.length > LINEAR_ONLY_ABOVE_CHARS ? re.linear : re.fast;
}

function v8Message(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // "Invalid regular expression: /x(/: Unterminated group" -> "invalid regular expression: Unterminated group"
  const reason = text.slice(text.lastIndexOf(': ') + 2);
  return `invalid regular expression: ${reason}`;
}
