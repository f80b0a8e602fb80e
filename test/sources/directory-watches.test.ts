import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryWatches } from '../../src/sources/files/directory-watches.js';
import type { DirectoryEventKind } from '../../src/sources/files/directory-watches.js';
import { tempDir, waitFor } from './test-helpers.js';

describe('DirectoryWatches', () => {
  let dir: string;
  let cleanup: () => void;
  let events: [DirectoryEventKind, string][];
  let watches: DirectoryWatches;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('dirwatch'));
    events = [];
    watches = new DirectoryWatches((kind, path) => events.push([kind, path]));
  });
  afterEach(() => {
    watches.close();
    cleanup();
  });

  const seen = (kind: DirectoryEventKind, path: string): boolean => events.some(([k, p]) => k === kind && p === path);

  it('reports names appearing or moving as renamed, and writes as written, with full paths', async () => {
    watches.watch(dir);
    writeFileSync(join(dir, 'a.log'), '');
    await waitFor('a.log created', () => seen('renamed', join(dir, 'a.log')), { state: () => events });
    appendFileSync(join(dir, 'a.log'), 'x\n');
    await waitFor('a.log written', () => seen('written', join(dir, 'a.log')), { state: () => events });
    renameSync(join(dir, 'a.log'), join(dir, 'a.log.1'));
    await waitFor('both names of the rename', () => seen('renamed', join(dir, 'a.log.1')), { state: () => events });
  });

  it('shares one watch per directory and stops it with the last unwatch', async () => {
    watches.watch(dir);
    watches.watch(dir);
    watches.unwatch(dir);
    writeFileSync(join(dir, 'still.log'), '');
    await waitFor('still watched', () => seen('renamed', join(dir, 'still.log')));
    watches.unwatch(dir);
    events = [];
    writeFileSync(join(dir, 'marker.log'), '');
    const other = new DirectoryWatches((kind, path) => events.push([kind, `other:${path}`]));
    other.watch(dir);
    writeFileSync(join(dir, 'after.log'), '');
    await waitFor('the second watcher to see after.log', () => events.some(([, p]) => p === `other:${join(dir, 'after.log')}`));
    other.close();
    expect(events.filter(([, p]) => !p.startsWith('other:'))).toEqual([]);
  });
});
