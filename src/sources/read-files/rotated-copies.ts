// Tells rotated copies (`x.log.1`, `x.log.2.gz`, `x.log-20261204`, kubelet's `0.log.20261204-183000.gz`,
// `x.log.gz`) from the files they were rotated from, among the files of one directory. Scanning a directory
// that holds both reads a log's older lines beside the live file (or the same lines twice, when the copy was
// taken without truncating): scan skips them unless asked, and says so.
import { basename, dirname } from 'node:path';

/** What may follow a live file's name in its rotated copies: a number, a date (and time), then `.gz`. */
const ROTATION_SUFFIX = /^(?:[.-]\d{1,4}|[.-]\d{8}(?:[-_]?\d{4,6})?)?(?:\.gz)?$/;

/** The files of `paths` that are rotated copies of another file of `paths` in the same directory, with that file. */
export function findRotatedCopies(paths: readonly string[]): Map<string, string> {
  const byDir = new Map<string, Set<string>>();
  for (const p of paths) {
    const dir = dirname(p);
    const names = byDir.get(dir) ?? new Set<string>();
    names.add(basename(p));
    byDir.set(dir, names);
  }
  const copies = new Map<string, string>();
  for (const p of paths) {
    const names = byDir.get(dirname(p));
    const name = basename(p);
    // The live file is the shortest name that this one starts with, followed by a rotation suffix only
    // (`x.log-20261204.gz` is a copy of `x.log`, not of `x.log-20261204`).
    for (let cut = 1; cut < name.length; cut++) {
      const base = name.slice(0, cut);
      // A live log has an extension (`x.log`, `0.log`): `device-1` beside `device-1-2` is two devices.
      if (base.includes('.') && names?.has(base) && ROTATION_SUFFIX.test(name.slice(cut))) {
        copies.set(p, p.slice(0, p.length - name.length) + base);
        break;
      }
    }
  }
  return copies;
}
