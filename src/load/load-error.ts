// A problem found while loading a data or config file, always with a position a person can jump to.

export interface LoadError {
  readonly file: string;
  /** 1-based line; 0 when the problem is about the file as a whole. */
  readonly line: number;
  /** 1-based column; 0 when unknown. */
  readonly col: number;
  readonly message: string;
}

/** `file:line:col message`, the format editors and CI annotations understand. */
export function formatLoadError(e: LoadError): string {
  return `${e.file}:${e.line}:${e.col} ${e.message}`;
}

/** Thrown by loaders at start-up; carries every problem found, not just the first. */
export class LoadErrors extends Error {
  readonly errors: readonly LoadError[];
  constructor(errors: readonly LoadError[]) {
    super(errors.map(formatLoadError).join('\n'));
    this.name = 'LoadErrors';
    this.errors = errors;
  }
}

/** Sorts by file, then line, then column, so reports are stable and readable. */
export function sortLoadErrors(errors: readonly LoadError[]): LoadError[] {
  return [...errors].sort((a, b) =>
    a.file === b.file ? (a.line === b.line ? a.col - b.col : a.line - b.line) : a.file < b.file ? -1 : 1,
  );
}
