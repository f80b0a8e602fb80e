// Turns the value a rule captured into the spelling the catalog uses, per the rule's `map` kind.
// Pure string work: no catalog access, never throws; a value it cannot read is returned unchanged.
import { numericValueOf } from '../../catalog/catalog-spelling.js';
import type { MapKind } from '../../rules/rule-schema.js';

const PLUS_DECIMAL = /^\+\d{1,20}$/;

/**
 * - `decimal`: `0161002` -> `161002`; a negative 32-bit value is read as unsigned (`-1` -> `4294967295`).
 * - `hex-from-decimal`: `1343270913` -> `0x5010B001`, `-1` -> `0xFFFFFFFF`, `0x5010b001` -> `0x5010B001`.
 * - `enum-name`: `LLMStatusCode.LLM_LINK_FAILED` -> `LLM_LINK_FAILED` (everything after the last dot).
 * - `uppercase-prefix`: `apigw.0308` -> `APIGW.0308` (the part before the first dot).
 * - `as-is`: unchanged.
 */
export function mapCode(kind: MapKind, raw: string): string {
  switch (kind) {
    case 'decimal': {
      const value = integerOf(raw);
      return value === undefined ? raw : String(value);
    }
    case 'hex-from-decimal': {
      const value = integerOf(raw);
      return value === undefined ? raw : `0x${value.toString(16).toUpperCase()}`;
    }
    case 'enum-name': {
      const dot = raw.lastIndexOf('.');
      return dot < 0 || dot === raw.length - 1 ? raw : raw.slice(dot + 1);
    }
    case 'uppercase-prefix': {
      const dot = raw.indexOf('.');
      return dot <= 0 ? raw : raw.slice(0, dot).toUpperCase() + raw.slice(dot);
    }
    case 'as-is':
      return raw;
  }
}

/** The code number `raw` denotes (the catalog's own parser), also with a leading `+` as printf's `%+d` writes it. */
function integerOf(raw: string): number | undefined {
  // `+` is rare: only then is the second regex test paid.
  return raw.charCodeAt(0) === 0x2b ? (PLUS_DECIMAL.test(raw) ? numericValueOf(raw.slice(1)) : undefined) : numericValueOf(raw);
}
