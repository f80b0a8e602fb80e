// Which pod a container log file belongs to, read from the path kubelet gives it. Decided once per path
// (the caller caches it), never per line. Paths that follow neither layout have no pod.
import type { PodRef } from '../../types.js';

/** `/var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log` (also rotated `<n>.log.<date>` and `.gz`). */
const PODS_LAYOUT = /\/([^/_]+)_([^/_]+)_([0-9a-fA-F-]{8,})\/([^/]+)\/\d+\.log(?:\.[^/]*)?$/;
/** `/var/log/containers/<pod>_<namespace>_<container>-<64 hex id>.log`: kubelet's links to the files above. */
const CONTAINERS_LAYOUT = /\/([^/_]+)_([^/_]+)_(.+)-[0-9a-f]{64}\.log$/;

/** The pod of a kubelet container log path, or undefined. Names are DNS labels: no `_` or `/` in them. */
export function podFromPath(path: string): PodRef | undefined {
  const pods = PODS_LAYOUT.exec(path);
  if (pods !== null) return Object.freeze({ namespace: pods[1] ?? '', pod: pods[2] ?? '', container: pods[4] ?? '' });
  const containers = CONTAINERS_LAYOUT.exec(path);
  if (containers !== null) return Object.freeze({ namespace: containers[2] ?? '', pod: containers[1] ?? '', container: containers[3] ?? '' });
  return undefined;
}

/** podFromPath with a one-entry cache: a file's lines share one path, so the regexes run once per file. */
export function cachedPodFromPath(): (path: string) => PodRef | undefined {
  let lastPath: string | undefined;
  let lastPod: PodRef | undefined;
  return (path) => {
    if (path !== lastPath) {
      lastPath = path;
      lastPod = podFromPath(path);
    }
    return lastPod;
  };
}
