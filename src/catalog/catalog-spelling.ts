// How a spelling of a code is normalised for lookup: case folding, enum prefixes and numeric value.
// Shared by the load-time collision checks and the index, so both agree on what "the same code" means.

const DECIMAL = /^-?\d{1,20}$/;
const HEX = /^0x([0-9a-f]{1,16})u?$/i;
/** `LLMStatusCode.LLM_LINK_FAILED` -> `LLM_LINK_FAILED`: a dotted prefix of identifiers before a symbolic name. */
const ENUM_QUALIFIED = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)+([A-Za-z_][A-Za-z0-9_]*)$/;
const UINT32 = 0x1_0000_0000;

/** The case-insensitive form of a spelling: hex digits, `apigw.0308` and `561XXX` match their canonical forms. */
export function foldSpelling(spelling: string): string {
  return spelling.toUpperCase();
}

/**
 * The number a spelling denotes, or undefined if it is not a number. Decimal and hex (`0x5010b001`,
 * `0x0U`) are accepted; a negative 32-bit decimal is read as its unsigned two's complement, because
 * C and Python logs print the same uint32 status as `-1` or `4294967295`.
 */
export function numericValueOf(spelling: string): number | undefined {
  const hex = HEX.exec(spelling);
  if (hex) {
    const value = parseInt(hex[1] ?? '', 16);
    return Number.isSafeInteger(value) ? value : undefined;
  }
  if (!DECIMAL.test(spelling)) return undefined;
  const value = Number(spelling);
  if (!Number.isSafeInteger(value)) return undefined;
  if (value < 0) return value >= -0x8000_0000 ? value + UINT32 : undefined;
  return value;
}

/** The symbolic name inside an enum-qualified spelling (`LLMStatusCode.LLM_LINK_FAILED`), or undefined. */
export function unqualifiedName(spelling: string): string | undefined {
  return ENUM_QUALIFIED.exec(spelling)?.[1];
}
