#!/usr/bin/env bash
# Times errcode-exporter scan, mtail --one_shot, LC_ALL=C grep -cE and wc -l on the same corpus in the same
# run, then the start-up bench and the tailing bench, and prints lines/s, CPU seconds per million lines, peak
# RSS, the ratios and what each tool found. Not a test: run it by hand, on a machine as quiet as you can find.
# Usage: bench/run.sh [corpus]   (default: bench/out/corpus.log, generated if missing)
# Env: LINES (corpus records, default 2000000), SEED (default 42), RUNS (repetitions, best kept, default 3),
#      CLI (default dist/cli/main.js), STARTUP=0 / TAILING=0 to skip those parts, TAILING_S (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
# A CA bundle in NODE_EXTRA_CA_CERTS is parsed at every Node start (~55 ms here): see bench/node-env.mjs.
unset NODE_EXTRA_CA_CERTS NODE_OPTIONS

CORPUS=${1:-bench/out/corpus.log}
OUT=bench/out/run
RUNS=${RUNS:-3}
CLI=${CLI:-dist/cli/main.js}
mkdir -p "$OUT" && rm -f "$OUT"/*.time "$OUT"/*.out
command -v mtail >/dev/null || { echo "mtail not found: apt-get install -y mtail" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install -y time" >&2; exit 2; }
[ -f "$CORPUS" ] || node bench/generate-corpus.mjs --lines "${LINES:-2000000}" --seed "${SEED:-42}" --out "$CORPUS"
[ -f "$CLI" ] || npm run build

# grep and mtail search with the same anchors (bench/anchors.mjs); check the committed program is current.
GREP_PATTERN=$(node bench/anchors.mjs --grep)
node bench/anchors.mjs --mtail | cmp -s - bench/errcode.mtail || {
  echo "bench/errcode.mtail is stale: node bench/anchors.mjs --mtail > bench/errcode.mtail" >&2; exit 2; }
PROGS=$(mktemp -d) && cp bench/errcode.mtail "$PROGS/" # only the program, whatever else bench/ holds

cat "$CORPUS" > /dev/null # page cache warm for everyone alike

TOOLS=()
measure() { # name command...
  local name=$1; shift
  TOOLS+=("$name")
  for ((i = 1; i <= RUNS; i++)); do
    /usr/bin/time -v -o "$OUT/$name.$i.time" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" || {
      echo "$name failed (exit $?); see $OUT/$name.err" >&2; exit 1; }
  done
}

echo "corpus: $CORPUS ($(du -h "$CORPUS" | cut -f1)), $(nproc) cores, RUNS=$RUNS, load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if node "$CLI" scan --help | grep -q -- '--workers'; then
  measure scan-workers-1 node "$CLI" scan --format json --no-progress --workers 1 "$CORPUS"
  measure scan node "$CLI" scan --format json --no-progress "$CORPUS"
else
  measure scan node "$CLI" scan --format json --no-progress "$CORPUS"
fi
measure mtail mtail --one_shot --one_shot_format prometheus --port 0 --progs "$PROGS" --logs "$CORPUS"
measure grep env LC_ALL=C grep -cE "$GREP_PATTERN" "$CORPUS"
measure wc wc -l "$CORPUS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rm -rf "$PROGS"

node bench/summarize.mjs "$OUT" "$RUNS" "$CORPUS.expected.json" "${TOOLS[@]}"

if [ "${STARTUP:-1}" != 0 ]; then
  echo; echo "## Start-up"; node bench/startup.mjs --runs 10 --cli bin/errcode-exporter --cli "$CLI"
fi
if [ "${TAILING:-1}" != 0 ]; then
  echo; echo "## Tailing (bench/latency)"; MEASURE_S=${TAILING_S:-20} node bench/latency/run-latency.mjs
fi
