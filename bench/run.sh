#!/usr/bin/env bash
# Times errcode-exporter scan, mtail --one_shot, grep -cE and wc -l on the same corpus in the same run,
# and prints lines/s, CPU seconds per million lines, peak RSS and the ratios. Not a test: run it by hand
# on a quiet machine. Usage: bench/run.sh [corpus]   (default: bench/out/corpus.log, generated if missing)
# Env: LINES (corpus size, default 2000000), SEED (default 42), RUNS (repetitions, best is kept, default 1).
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${1:-bench/out/corpus.log}
OUT=bench/out
RUNS=${RUNS:-1}
mkdir -p "$OUT"
command -v mtail >/dev/null || { echo "mtail not found: apt-get install -y mtail" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install -y time" >&2; exit 2; }
[ -f "$CORPUS" ] || node bench/generate-corpus.mjs --lines "${LINES:-2000000}" --seed "${SEED:-42}" --out "$CORPUS"
[ -f dist/cli/main.js ] || npm run build

# What grep counts: a line carrying any code in the formats our rules and bench/errcode.mtail cover.
GREP_PATTERN='errno\[[1-5]6[0-9]{4}\]|aclnn[A-Za-z0-9_]* failed(, ret=| with aclnnStatus=)[1-5]6[0-9]{4}'
GREP_PATTERN+='|NPU function error: call aclnn[A-Za-z0-9_]+ failed, error code is [1-5]6[0-9]{4}'
GREP_PATTERN+='|(ErrorNo: ?|ret ?= ?)(13432709(1[2-9]|[2-9][0-9])|134327(10|11)[0-9]{2})\b|LLMDATADIST.*(ret ?= ?|ErrorNo: ?)(4294967295|-1)\b|error code is LLMStatusCode\.LLM_[A-Z_]+'
GREP_PATTERN+='|[EF] [A-Z0-9]+/[^:]*: .*errCode[:：] ?([0-9]{3}|10[0-9]{8})|Error code:10[0-9]{8}'
GREP_PATTERN+='|error_code\\?"[[:space:]]*:[[:space:]]*\\?"(AIS|APIGW?|ModelArts|AIP)\.[0-9]{4}|Exception - \{.*error_code:(AIS|APIGW?|ModelArts|AIP)\.[0-9]{4}'
GREP_PATTERN+='|\[SpeechSDK\].*errCode=[0-9]{5}'

cat "$CORPUS" > /dev/null # page cache warm for everyone alike

measure() { # name command...
  local name=$1; shift
  for ((i = 1; i <= RUNS; i++)); do
    /usr/bin/time -v -o "$OUT/$name.$i.time" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" || {
      echo "$name failed (exit $?); see $OUT/$name.err" >&2; exit 1; }
  done
}

echo "corpus: $CORPUS ($(du -h "$CORPUS" | cut -f1)), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
measure scan node dist/cli/main.js scan --format json --no-progress "$CORPUS"
measure mtail mtail --one_shot --one_shot_format prometheus --progs bench/ --logs "$CORPUS"
measure grep env LC_ALL=C grep -cE "$GREP_PATTERN" "$CORPUS"
measure wc wc -l "$CORPUS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

node bench/summarize.mjs "$OUT" "$RUNS"
