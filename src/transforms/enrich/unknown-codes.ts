// Keeps label cardinality bounded: per family, at most `maxPerFamily` distinct code values that the
// catalog does not list exactly (unknown codes and members of range entries like 561xxx) are reported
// as themselves; every further value folds into `other`, counted per family. Shared across reloads; one per
// pipeline. The one cardinality cap: the metrics sink guards its label sets with this class too.

/** The code value every overflowing or unprintable code is reported as. */
export const OTHER_CODE = 'other';

/** What a reported code value may look like; anything else (long, odd characters) is folded. */
const REPORTABLE = /^[A-Za-z0-9_.+-]{1,40}$/;

export class UnknownCodes {
  readonly maxPerFamily: number;
  private readonly admitted = new Map<string, Set<string>>();
  private readonly foldedCounts = new Map<string, number>();

  private readonly reportable: (code: string) => boolean;

  /**
   * `opts.anySpelling`: admit any value while there is room (the metrics sink's guard, whose values the
   * pipeline already vetted and which must show that escaping alone keeps an exposition valid).
   */
  constructor(maxPerFamily = 50, opts: { readonly anySpelling?: boolean } = {}) {
    if (!Number.isInteger(maxPerFamily) || maxPerFamily < 1) {
      throw new RangeError(`UnknownCodes: maxPerFamily must be a positive integer, got ${maxPerFamily}`);
    }
    this.maxPerFamily = maxPerFamily;
    this.reportable = opts.anySpelling === true ? () => true : (code) => REPORTABLE.test(code);
  }

  /** The value to report for `code` in `family`: `code` itself while there is room (or it was seen before), else `other`. */
  admit(family: string, code: string): string {
    let codes = this.admitted.get(family);
    if (codes === undefined) {
      codes = new Set();
      this.admitted.set(family, codes);
    }
    if (codes.has(code)) return code;
    if (codes.size < this.maxPerFamily && code !== OTHER_CODE && this.reportable(code)) {
      codes.add(code);
      return code;
    }
    this.foldedCounts.set(family, (this.foldedCounts.get(family) ?? 0) + 1);
    return OTHER_CODE;
  }

  /** Continues from where `other` is: its admitted values and folded counts (a scan task re-run at its place in the input order). */
  adopt(other: UnknownCodes): void {
    for (const [family, codes] of other.admitted) this.admitted.set(family, new Set(codes));
    for (const [family, n] of other.foldedCounts) this.foldedCounts.set(family, n);
  }

  /** The distinct values admitted for `family`, in first-seen order. */
  codes(family: string): readonly string[] {
    return [...(this.admitted.get(family) ?? [])];
  }

  /** How many events of `family` were folded into `other`. */
  folded(family: string): number {
    return this.foldedCounts.get(family) ?? 0;
  }
}
