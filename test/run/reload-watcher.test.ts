// The reload watcher on real directories: inotify events (an in-place write, an editor's rename-into-place
// save, a Kubernetes ConfigMap `..data` swap) and the stat poll are reported once per burst after the debounce,
// which runs on a hand-driven clock; names the loaders do not read are ignored.
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReloadWatcher } from '../../src/run/reload-watcher.js';
import type { ReloadKind } from '../../src/run/reload.js';
import { ManualClock } from '../sources/manual-clock.js';
import { tempDir, waitFor } from '../sources/test-helpers.js';

describe('ReloadWatcher', () => {
  let dir: string;
  let cleanup: () => void;
  let clock: ManualClock;
  let fired: ReloadKind[][];
  let watcher: ReloadWatcher | undefined;
  let rulesDir: string;
  let catalogDir: string;
  let configFile: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('reload-watch'));
    clock = new ManualClock();
    fired = [];
    rulesDir = join(dir, 'rules');
    catalogDir = join(dir, 'catalogs');
    configFile = join(dir, 'etc', 'config.yaml');
    for (const d of [rulesDir, catalogDir, join(dir, 'etc')]) mkdirSync(d);
    writeFileSync(join(rulesDir, 'aclnn.yaml'), 'rev: 0\n');
    writeFileSync(join(catalogDir, 'aclnn.yaml'), 'rev: 0\n');
    writeFileSync(configFile, 'rev: 0\n');
  });
  afterEach(() => {
    watcher?.close();
    cleanup();
  });

  const start = (opts: { inotify?: boolean } = {}): ReloadWatcher => {
    watcher = new ReloadWatcher({
      targets: { rulesDir, catalogDir, configFile }, clock, debounceMs: 300, pollMs: 2000, inotify: opts.inotify,
      onChange: (kinds) => fired.push([...kinds].sort()),
    });
    watcher.start();
    return watcher;
  };
  const seen = (w: ReloadWatcher, kind: ReloadKind): Promise<void> =>
    waitFor(`a ${kind} change to be seen`, () => w.pendingKinds().has(kind), { state: () => [...w.pendingKinds()] });

  it('reports an in-place write once the debounce has passed, not before', async () => {
    const w = start();
    writeFileSync(join(rulesDir, 'aclnn.yaml'), 'rev: 1\n');
    await seen(w, 'rules');
    clock.advance(299);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([['rules']]);
  });

  it('sees an editor save that writes a temp file and renames it into place', async () => {
    const w = start();
    writeFileSync(join(dir, 'etc', '.config.yaml.swp'), 'rev: 1\n');
    renameSync(join(dir, 'etc', '.config.yaml.swp'), configFile);
    await seen(w, 'config');
    clock.advance(300);
    expect(fired).toEqual([['config']]);
  });

  it('reports a burst of changes to several kinds once, 300 ms after the last one', async () => {
    const w = start();
    writeFileSync(join(rulesDir, 'aclnn.yaml'), 'rev: 1\n');
    await seen(w, 'rules');
    clock.advance(200);
    writeFileSync(join(catalogDir, 'speech-sdk.yaml'), 'rev: 1\n');
    await seen(w, 'catalog');
    clock.advance(200);
    writeFileSync(configFile, 'rev: 1\n');
    await seen(w, 'config');
    clock.advance(299);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([['catalog', 'config', 'rules']]);
    clock.advance(10_000);
    expect(fired).toHaveLength(1);
  });

  it('ignores names the loaders do not read: editor swap files, backups, other files next to the config', async () => {
    const w = start();
    writeFileSync(join(rulesDir, '.aclnn.yaml.swp'), 'x');
    writeFileSync(join(rulesDir, 'aclnn.yaml~'), 'x');
    writeFileSync(join(rulesDir, 'README.md'), 'x');
    writeFileSync(join(dir, 'etc', 'app.log'), 'x');
    // A write the watcher does care about, after the others: once it is seen, the others were (and were ignored).
    writeFileSync(join(catalogDir, 'aclnn.yaml'), 'rev: 1\n');
    await seen(w, 'catalog');
    expect([...w.pendingKinds()]).toEqual(['catalog']);
    clock.advance(10_000);
    expect(fired).toEqual([['catalog']]);
  });

  it('sees a Kubernetes ConfigMap update (the ..data symlink swapped to a new directory)', async () => {
    rmSync(join(dir, 'etc'), { recursive: true });
    mkdirSync(join(dir, 'etc', '..2026_01'), { recursive: true });
    writeFileSync(join(dir, 'etc', '..2026_01', 'config.yaml'), 'rev: 0\n');
    symlinkSync('..2026_01', join(dir, 'etc', '..data'));
    symlinkSync('..data/config.yaml', configFile);
    const w = start();
    mkdirSync(join(dir, 'etc', '..2026_02'));
    writeFileSync(join(dir, 'etc', '..2026_02', 'config.yaml'), 'rev: 1\n');
    symlinkSync('..2026_02', join(dir, 'etc', '..data_tmp'));
    renameSync(join(dir, 'etc', '..data_tmp'), join(dir, 'etc', '..data'));
    await seen(w, 'config');
    clock.advance(300);
    expect(fired).toEqual([['config']]);
  });

  it('without inotify, the poll notices a changed file, a new file and a removed file', () => {
    const w = start({ inotify: false });
    clock.advance(2000);
    expect(fired).toEqual([]);
    writeFileSync(join(rulesDir, 'aclnn.yaml'), 'rev: 1 (longer)\n');
    clock.advance(2000);
    expect(w.pendingKinds()).toEqual(new Set(['rules']));
    clock.advance(300);
    writeFileSync(join(catalogDir, 'core-vision.yaml'), 'new\n');
    clock.advance(2000);
    rmSync(configFile);
    clock.advance(2300);
    expect(fired).toEqual([['rules'], ['catalog'], ['config']]);
  });

  it('the poll does not report again what a watch event already reported', async () => {
    const w = start();
    writeFileSync(join(rulesDir, 'aclnn.yaml'), 'rev: 1 (longer)\n');
    await seen(w, 'rules');
    clock.advance(300);
    clock.advance(10_000);
    expect(fired).toEqual([['rules']]);
  });

  it('follows a directory that is replaced, and watches new paths after retarget()', async () => {
    const w = start();
    rmSync(rulesDir, { recursive: true });
    await seen(w, 'rules'); // the old directory's watch saw its file go
    mkdirSync(rulesDir);
    writeFileSync(join(rulesDir, 'aclnn.yaml'), 'rev: 2\n');
    clock.advance(300);
    clock.advance(2000); // the poll sees a new directory under the name and watches it; its content was reported
    expect(fired).toEqual([['rules']]);
    writeFileSync(join(rulesDir, 'aclnn.yaml'), 'rev: 3\n');
    await seen(w, 'rules');
    clock.advance(300);
    expect(fired).toEqual([['rules'], ['rules']]);

    const otherRules = join(dir, 'rules-2');
    mkdirSync(otherRules);
    w.retarget({ rulesDir: otherRules, catalogDir, configFile });
    writeFileSync(join(rulesDir, 'aclnn.yaml'), 'rev: 4 (the old directory is not watched any more)\n');
    writeFileSync(join(otherRules, 'aclnn.yaml'), 'rev: 0\n');
    await seen(w, 'rules');
    clock.advance(300);
    clock.advance(10_000);
    expect(fired).toEqual([['rules'], ['rules'], ['rules']]);
  });
});
