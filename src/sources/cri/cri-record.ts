// Parses the CRI log format that containerd and CRI-O write under /var/log/pods:
// `<RFC3339Nano time> <stdout|stderr> <P|F> <message>`. A few character tests reject other lines, so
// plain logs pay almost nothing; nothing is allocated for a line that is not a CRI record.

export interface CriRecord {
  /** Epoch milliseconds of the record (the runtime's clock, with its zone). */
  readonly time: number;
  readonly stream: 'stdout' | 'stderr';
  /** A partial record (`P`): the runtime split one long line; the next records of the stream continue it. */
  readonly partial: boolean;
  readonly message: string;
}

const DASH = 45;
const T = 84;
const SPACE = 32;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** The record in `text`, or undefined when the line is not in the CRI format. */
export function parseCriRecord(text: string): CriRecord | undefined {
  // `2026-12-05T07:10:13.123456789Z stdout F msg`: shape of the date first, then the two fixed fields.
  const c0 = text.charCodeAt(0);
  if (c0 < DIGIT_0 || c0 > DIGIT_9 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== T) return undefined;
  const s1 = text.indexOf(' ', 11);
  if (s1 < 0 || s1 > 40) return undefined;
  let stream: 'stdout' | 'stderr';
  if (text.startsWith('stdout ', s1 + 1)) stream = 'stdout';
  else if (text.startsWith('stderr ', s1 + 1)) stream = 'stderr';
  else return undefined;
  const tagAt = s1 + 8;
  const tag = text[tagAt];
  if ((tag !== 'P' && tag !== 'F') || (tagAt + 1 < text.length && text.charCodeAt(tagAt + 1) !== SPACE)) return undefined;
  const time = Date.parse(text.slice(0, s1));
  if (Number.isNaN(time)) return undefined;
  return { time, stream, partial: tag === 'P', message: text.slice(tagAt + 2) };
}
