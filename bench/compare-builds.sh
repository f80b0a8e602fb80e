#!/usr/bin/env bash
# Two builds of errcode-exporter on the same corpus in the same run, interleaved (A, B, A, B, ...) so both see
# the same load: best wall, CPU per million lines, peak RSS, what each found, and B's speed relative to A's;
# then the start-up bench with both. E.g. an older commit against this one (build the old one in a worktree
# outside this repository: git worktree add /tmp/old <commit>; ln -s the node_modules; npm run build there).
# Usage: bench/compare-builds.sh <distA> <distB> [corpus]   (dist dirs, e.g. /tmp/old/dist dist)
# Env: RUNS (default 3), STARTUP=0 to skip the start-up bench, WORKERS=1 to pass --workers 1 to a build that has the
#      option (builds before it scan on one thread anyway): single-thread throughput, as issue 14's goal is stated.
set -euo pipefail
unset NODE_EXTRA_CA_CERTS NODE_OPTIONS # parsed at every Node start (~55 ms here); see bench/node-env.mjs
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/compare-builds.sh <distA> <distB> [corpus]" >&2; exit 2; }
A=$1 B=$2
CORPUS=${3:-bench/out/corpus.log}
RUNS=${RUNS:-3}
OUT=bench/out/compare
mkdir -p "$OUT" && rm -f "$OUT"/*.time "$OUT"/*.out
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install -y time" >&2; exit 2; }
[ -f "$CORPUS" ] || node bench/generate-corpus.mjs --lines "${LINES:-2000000}" --seed "${SEED:-42}" --out "$CORPUS"
cat "$CORPUS" > /dev/null
wc -l "$CORPUS" > "$OUT/wc.out"

echo "A: $A  B: $B  corpus: $CORPUS, RUNS=$RUNS, load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ((i = 1; i <= RUNS; i++)); do
  for side in A B; do
    dist=$A; [ $side = B ] && dist=$B
    extra=()
    [ -n "${WORKERS:-}" ] && node "$dist/cli/main.js" scan --help | grep -q -- '--workers' && extra=(--workers "$WORKERS")
    /usr/bin/time -v -o "$OUT/scan-$side.$i.time" node "$dist/cli/main.js" scan --format json --no-progress "${extra[@]}" "$CORPUS" \
      > "$OUT/scan-$side.out" 2> "$OUT/scan-$side.err" || { echo "scan-$side failed; see $OUT/scan-$side.err" >&2; exit 1; }
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

node bench/summarize.mjs "$OUT" "$RUNS" "$CORPUS.expected.json" scan-A scan-B
node -e '
const { readFileSync } = require("node:fs");
const t = (f) => { const x = readFileSync(f, "utf8"); const m = /Elapsed .*: (?:(\d+):)?(\d+):([0-9.]+)/.exec(x);
  return { wall: Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]),
    cpu: Number(/User time \(seconds\): ([0-9.]+)/.exec(x)[1]) + Number(/System time \(seconds\): ([0-9.]+)/.exec(x)[1]) }; };
const [dir, runs] = process.argv.slice(1);
const bestOf = (s) => { const r = Array.from({ length: Number(runs) }, (_, i) => t(`${dir}/scan-${s}.${i + 1}.time`));
  return { wall: Math.min(...r.map((x) => x.wall)), cpu: Math.min(...r.map((x) => x.cpu)) }; };
const a = bestOf("A"), b = bestOf("B");
console.log(`\nB against A: throughput ${(a.wall / b.wall).toFixed(3)}x (B takes ${((b.wall / a.wall - 1) * 100).toFixed(1)}% more wall time), CPU ${((b.cpu / a.cpu - 1) * 100).toFixed(1)}% more`);
' "$OUT" "$RUNS"

if [ "${STARTUP:-1}" != 0 ]; then
  echo; node bench/startup.mjs --runs 10 --cli "$A/cli/main.js" --cli "$B/cli/main.js"
fi
