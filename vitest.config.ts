import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000, // end-to-end tests poll with their own deadlines; this only catches a hang
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one fork fewer than the cores: one at a time on a 2-core machine (CI's), where most test
    // files wait on child processes, files and timers rather than the CPU. Two forks there: 5 min 18 s -> 3 min 0 s
    // for the suite, 3 min 52 s with a third process spinning on one core the whole time (2026-12-07, 0 failed).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup/stop-leftover-processes.ts'],
  },
});
