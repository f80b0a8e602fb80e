// Reads a rule pattern's syntax once, at load, and reports every construct with its offset: named groups,
// and what V8's linear-time engine cannot run (lookarounds, backreferences, big counted repetitions).
// It does not validate everything; the RegExp constructor stays the final judge (see safe-regex.ts).

export interface RegexProblem {
  /** 0-based offset into the pattern source. */
  readonly offset: number;
  readonly message: string;
}

export interface NamedGroup {
  readonly name: string;
  readonly offset: number;
}

export interface RegexLint {
  readonly groups: readonly NamedGroup[];
  readonly problems: readonly RegexProblem[];
}

/** The largest counted repetition V8's linear engine accepts (`{0,16}`); larger ones refuse the `l` flag. */
export const MAX_LINEAR_REPETITION = 16;

const COUNTED = /^\{(\d+)(,(\d*))?\}/;
const GROUP_NAME = /^[A-Za-z_$][\w$]*/;

/** Scans `source` as a non-unicode JavaScript pattern. */
/** Counted repetitions up to this are allowed in patterns that never need the linear engine (see safe-regex.ts). */
export const MAX_BOUNDED_REPETITION = 255;

/** `maxRepetition`: the largest count allowed; MAX_LINEAR_REPETITION unless the pattern never needs the linear engine. */
export function lintRegex(source: string, maxRepetition: number = MAX_LINEAR_REPETITION): RegexLint {
  const groups: NamedGroup[] = [];
  const problems: RegexProblem[] = [];
  const open: number[] = [];
  let canRepeat = false;
  /** Set when the rest of the pattern cannot be read; then open groups are not reported again. */
  let stopped = false;
  let i = 0;
  const problem = (offset: number, message: string): void => {
    problems.push({ offset, message });
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) {
        problem(i, 'a pattern cannot end with a lone backslash');
        stopped = true;
        break;
      }
      if (next >= '1' && next <= '9') problem(i, `backreference \\${next} cannot run in linear time`);
      if (next === 'k' && source[i + 2] === '<') problem(i, 'named backreference \\k<...> cannot run in linear time');
      i += 2;
      canRepeat = true;
      continue;
    }
    if (c === '[') {
      const end = classEnd(source, i);
      if (end < 0) {
        problem(i, 'character class "[" is never closed');
        stopped = true;
        break;
      }
      i = end + 1;
      canRepeat = true;
      continue;
    }
    if (c === '(') {
      open.push(i);
      canRepeat = false;
      if (source[i + 1] !== '?') {
        i += 1;
        continue;
      }
      const kind = source.slice(i + 2, i + 4);
      if (kind.startsWith(':')) {
        i += 3;
      } else if (kind.startsWith('=') || kind.startsWith('!')) {
        problem(i, `lookahead "(?${kind[0]}" cannot run in linear time; match the text instead or use exclude/require_context`);
        i += 3;
      } else if (kind === '<=' || kind === '<!') {
        problem(i, `lookbehind "(?${kind}" cannot run in linear time; use \\b or exclude/require_context`);
        i += 4;
      } else if (kind.startsWith('<')) {
        const name = GROUP_NAME.exec(source.slice(i + 3))?.[0];
        if (name === undefined || source[i + 3 + name.length] !== '>') {
          problem(i, 'a named group is written (?<name>...)');
          i += 3;
        } else {
          if (groups.some((g) => g.name === name)) problem(i, `group name "${name}" is used twice`);
          groups.push({ name, offset: i });
          i += 4 + name.length;
        }
      } else {
        problem(i, `group "(?${source[i + 2] ?? ''}" is not supported (no inline flags); use (?:...) or (?<name>...)`);
        i += 2;
      }
      continue;
    }
    if (c === ')') {
      if (open.pop() === undefined) problem(i, 'unmatched ")"');
      i += 1;
      canRepeat = true;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      if (!canRepeat) problem(i, `nothing to repeat before "${c}"`);
      i += source[i + 1] === '?' ? 2 : 1;
      canRepeat = false;
      continue;
    }
    if (c === '{') {
      const counted = COUNTED.exec(source.slice(i));
      if (counted) {
        const min = Number(counted[1]);
        const max = counted[2] === undefined ? min : counted[3] === '' ? Infinity : Number(counted[3]);
        if (!canRepeat) problem(i, `nothing to repeat before "${counted[0]}"`);
        else if (max < min) problem(i, `repetition ${counted[0]} has its bounds in the wrong order`);
        else if ((max === Infinity ? min : max) > maxRepetition) {
          problem(
            i,
            maxRepetition === MAX_LINEAR_REPETITION
              ? `repetition ${counted[0]} is above ${MAX_LINEAR_REPETITION}, which the linear-time engine refuses; use + or *`
              : `repetition ${counted[0]} is above ${maxRepetition}`,
          );
        }
        i += counted[0].length;
        if (source[i] === '?') i += 1;
        canRepeat = false;
        continue;
      }
    }
    canRepeat = c !== '|' && c !== '^' && c !== '$';
    i += 1;
  }
  if (!stopped) for (const at of open) problem(at, 'group "(" is never closed');
  return { groups, problems };
}

/** The index of the `]` closing the class opened at `start`, or -1 (in JavaScript `[]` is an empty class). */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length) {
    if (source[i] === '\\') i += 2;
    else if (source[i] === ']') return i;
    else i += 1;
  }
  return -1;
}
