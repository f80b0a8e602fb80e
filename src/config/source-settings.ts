// Limits every source's settings share: the name that becomes the bounded `source` label, and line caps.
// A module of its own so components (sources/exec) and the run config schema can both use it.

/** Source names become the bounded `source` label: short, plain, and never `stdin` (reserved). */
export const SOURCE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;
export const SOURCE_NAME_RULE = 'a letter then up to 31 letters, digits, "_", "." or "-"';

export const MIN_LINE_BYTES = 256;
export const MAX_LINE_BYTES_LIMIT = 16 * 1024 * 1024;
