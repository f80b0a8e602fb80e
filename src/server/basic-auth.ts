// Checks HTTP basic credentials against bcrypt hashes. bcrypt is deliberately slow, so a scrape every few
// seconds would burn CPU: verified credentials are remembered (by a SHA-256 of user, password and hash).
// Unknown users still pay for one comparison, so response time does not reveal which users exist.
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

// A valid hash of a random password: compared against when the user does not exist.
const DUMMY_HASH = '$2b$10$AjG94XTku0HvQI6Ze.WnX.741V5GZwy0mrGVDry8y0KEXbRkzb8SW';

export class BasicAuth {
  private readonly verified = new Set<string>();

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    private readonly maxCached = 256,
  ) {}

  get enabled(): boolean {
    return this.users.size > 0;
  }

  /** True when the Authorization header carries a known user and the right password. */
  async check(authorization: string | undefined): Promise<boolean> {
    if (!this.enabled) return true;
    const creds = parseBasic(authorization);
    if (creds === undefined) return false;
    const hash = this.users.get(creds.user);
    const cacheKey = createHash('sha256').update(`${creds.user}\0${creds.password}\0${hash ?? ''}`).digest('base64');
    if (hash !== undefined && this.verified.has(cacheKey)) return true;
    const ok = await bcrypt.compare(creds.password, hash ?? DUMMY_HASH);
    if (!ok || hash === undefined) return false;
    if (this.verified.size >= this.maxCached) this.verified.clear();
    this.verified.add(cacheKey);
    return true;
  }
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined) return undefined;
  const m = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
