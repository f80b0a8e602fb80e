// Turns the value a rule captured into the spelling the catalog uses, per the rule's `map` kind.
// Pure string work: no catalog access, never throws; a value it cannot read is returned unchanged.
import type { MapKind } from '../../rules/rule-schema.js';

const UINT32 = 0x1_0000_0000;
const DECIMAL = /^[+-]?\d{1,20}$/;
const HEX = /^0x[0-9a-f]{1,16}u?$/i;

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

/** A decimal or hex integer as a non-negative safe integer; negative 32-bit values wrap to uint32. */
function integerOf(raw: string): number | undefined {
  let value: number;
  if (HEX.test(raw)) value = parseInt(raw.slice(2).replace(/u$/i, ''), 16);
  else if (DECIMAL.test(raw)) value = Number(raw);
  else return undefined;
  if (!Number.isSafeInteger(value)) return undefined;
  if (value < 0) return value >= -0x8000_0000 ? value + UINT32 : undefined;
  return value;
}
