// After each test file, kills the processes its tests started and did not stop (`run`, and the e2e tests'
// Prometheus, Alertmanager and exporters): a test that times out skips its own cleanup, and an orphaned exporter kept tailing and serving long after the suite (seen: dozens
// of them on a loaded CI machine, slowing every later test).
import { afterAll } from 'vitest';
import { TestProcess } from '../e2e/support/child-process.js';
import { RunProcess } from '../run/run-process.js';

afterAll(async () => {
  const killed = (await RunProcess.stopLeftoverProcesses()) + (await TestProcess.stopLeftoverProcesses());
  if (killed > 0) process.stderr.write(`stop-leftover-processes: killed ${killed} process(es) a test left running\n`);
});
