// The V8 flags of the regex engine's linear-time fallback (applied by safe-regex.ts), in a module of their own
// that sets nothing, so the start-up snapshot's build script can read them without setting them.

/**
 * Backtracks one exec may spend before V8 re-runs it on the linear engine (slow: ~8 us per 170 chars).
 * V8 counts backtracks over all start positions, so a benign pattern on a long line adds up too.
 * Measured here on a 64 KiB line: at 10,000 an ISO-date regex fell back and took 11 ms instead of
 * 0.2 ms; at 100,000 it stays on the fast engine, and catastrophic `^(a+)+$` on 28 a's costs 0.6 ms
 * (10 s with no fallback at all).
 */
export const BACKTRACKS_BEFORE_FALLBACK = 100_000;

/**
 * The V8 flags safe-regex.ts sets when it is imported. A start from the V8 start-up snapshot (bin/errcode-exporter)
 * passes them on Node's command line instead: V8 loads a snapshot only under the flags it was made with.
 */
export const SAFE_REGEX_V8_FLAGS: readonly string[] = [
  '--enable-experimental-regexp-engine-on-excessive-backtracks',
  `--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_FALLBACK}`,
  // Lets compileSafeRegex compile a linear-only (`l` flag) twin of every pattern. Short lines do not use it:
  // on this Node it cost 25-200x per exec (8 us vs 0.2 us on a 170-char line).
  '--enable-experimental-regexp-engine',
];
