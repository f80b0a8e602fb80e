// Finds the first of a fixed set of literals in undecoded bytes without a regex: the same answer as an alternation of
// them read as latin1, at about half its cost on the bench corpus, with no latin1 string made of the chunk. Decided
// at load time; allocates nothing per search.
//
// Why not the regex: the ~90 anchor spellings start with common lowercase letters (`code`, `rror`, `failed`, `ret`),
// so V8 tries a match at almost every byte (~5 ns/byte, 17% of a scan). Here every literal is at least `shortest`
// bytes long, so looking at one gram of `last + 1` bytes every `step = shortest - last` positions cannot step over
// an occurrence (Wu-Manber): each literal is filed under its grams at offsets 0 .. step - 1 in a 64K table, and the
// literals filed under a gram are compared only when there are some.
//
// Why grams of 3 bytes (when every literal has 4 or more): with 2-byte grams every third position of the bench
// corpus found 0.55 literals to compare (`00`, `er`, `de`, `re`: the grams of `rror`, `code` are everywhere in
// text), with 3-byte grams every second position finds 0.15. With the tables in one array (see `table`) the search
// takes 5-10% less time than with 2-byte grams and six arrays, in most runs (bench/search-ab.mjs, medians of
// interleaved passes in one process: 0.89-0.94 in six runs of eight, 0.99 and 1.06 in two; this machine is noisy).

const TABLE_SIZE = 1 << 16;

/**
 * The table slot of a gram: its bytes a, b and c, where a 2-byte gram passes its second byte again as c (one formula
 * for both, so the search loop has no branch). A hash for 3 bytes: collisions only cost a comparison.
 */
function gramSlot(a: number, b: number, c: number): number {
  return (a ^ (b << 8) ^ (c << 4)) & 0xffff;
}

export class LiteralSearch {
  /** Where the gram's last byte is, from its first: 1 (2-byte grams) or 2 (3-byte grams). */
  private readonly last: number;
  private readonly step: number;
  /**
   * Everything the search reads but the literals' bytes, in one array (the loop reads one typed array's base instead
   * of six): at 0, per slot h of TABLE_SIZE, the first entry filed under h or -1; then, from the offsets below, per
   * entry the next entry of its chain (-1: the last), its literal and where in it its gram is; then per literal
   * where its bytes start in `units` and how many there are. Chains are built in O(entries).
   */
  private readonly table: Int32Array;
  private readonly nextAt: number;
  private readonly literalAt: number;
  private readonly offsetAt: number;
  private readonly startAt: number;
  private readonly lengthAt: number;
  private readonly units: Uint8Array;

  /** `literals` as given; each is searched as its UTF-8 bytes, at least 2 of them. */
  private constructor(readonly literals: readonly string[]) {
    const encoded = literals.map((l) => [...Buffer.from(l, 'utf8')]);
    if (encoded.some((l) => l.length < 2)) throw new RangeError('a LiteralSearch literal needs 2 or more bytes');
    const shortest = encoded.reduce((min, l) => Math.min(min, l.length), Infinity);
    this.last = shortest >= 4 ? 2 : 1;
    this.step = encoded.length === 0 ? 1 : shortest - this.last;
    const entries = encoded.length * this.step;
    this.nextAt = TABLE_SIZE;
    this.literalAt = this.nextAt + entries;
    this.offsetAt = this.literalAt + entries;
    this.startAt = this.offsetAt + entries;
    this.lengthAt = this.startAt + encoded.length;
    const table = new Int32Array(this.lengthAt + encoded.length);
    table.fill(-1, 0, TABLE_SIZE);
    // Filed last to first, so each slot's chain lists its entries in the order of the literals.
    for (let i = encoded.length - 1, e = entries - 1; i >= 0; i--) {
      const l = encoded[i] as number[];
      for (let k = this.step - 1; k >= 0; k--, e--) {
        const h = gramSlot(l[k] as number, l[k + 1] as number, l[k + this.last] as number);
        table[this.nextAt + e] = table[h] as number;
        table[h] = e;
        table[this.literalAt + e] = i;
        table[this.offsetAt + e] = k;
      }
    }
    for (let i = 0, at = 0; i < encoded.length; at += (encoded[i] as number[]).length, i++) {
      table[this.startAt + i] = at;
      table[this.lengthAt + i] = (encoded[i] as number[]).length;
    }
    this.table = table;
    this.units = Uint8Array.from(encoded.flat());
  }

  /** A search of `literals` in bytes, each UTF-8 encoded. */
  static ofUtf8(literals: readonly string[]): LiteralSearch {
    return new LiteralSearch(literals);
  }

  /** A search of these literals and `extra`. */
  with(extra: readonly string[]): LiteralSearch {
    return new LiteralSearch([...this.literals, ...extra]);
  }

  /**
   * The index (in `literals`) of the occurrence the last firstInBytes found, -1 if it found none. When several start
   * at that offset, the first of them in `literals`' order: they are all filed under the gram at the same offset of
   * the text, and each slot's chain is in that order, so the first one compared wins.
   */
  foundLiteral = -1;

  /** How many bytes literal `index` is (UTF-8). */
  byteLength(index: number): number {
    return this.table[this.lengthAt + index] as number;
  }

  /** Where the first occurrence lying wholly in [from, end) of `bytes` starts, or -1 (a search of bytes). */
  firstInBytes(bytes: Uint8Array, from: number, end: number): number {
    const { last, step, table, nextAt, literalAt, offsetAt, startAt, lengthAt, units } = this;
    let best = -1;
    let bestLiteral = -1;
    for (let i = from; i + last < end; i += step) {
      const h = gramSlot(bytes[i] as number, bytes[i + 1] as number, bytes[i + last] as number);
      for (let e = table[h] as number; e !== -1; e = table[nextAt + e] as number) {
        const at = i - (table[offsetAt + e] as number);
        const literal = table[literalAt + e] as number;
        const len = table[lengthAt + literal] as number;
        if (at < from || at + len > end || (best !== -1 && at >= best)) continue;
        const s = table[startAt + literal] as number;
        let x = 0;
        while (x < len && bytes[at + x] === units[s + x]) x++;
        if (x === len) {
          best = at;
          bestLiteral = literal;
        }
      }
      // Positions after i only find occurrences starting after i.
      if (best !== -1 && best <= i) break;
    }
    this.foundLiteral = bestLiteral;
    return best;
  }
}
