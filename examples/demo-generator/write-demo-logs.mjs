#!/usr/bin/env node
// Writes realistic vendor log lines (Ascend plog, LLM-DataDist, NPU device faults and runtime errors, HarmonyOS
// hilog, speech SDK, Huawei Cloud SDK) into a directory, for the `demo` profile of docker-compose.yml: mostly INFO noise, some retryable
// codes, a few fatal and unknown ones, a retryable storm now and then, and size-based rotation.
// Deterministic for a given --seed. `--lines N` writes N lines and exits (tests); otherwise it runs forever.
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: '/var/log/demo' },
    'lines-per-second': { type: 'string', default: '20' },
    'rotate-bytes': { type: 'string', default: '2000000' },
    seed: { type: 'string', default: '1' },
    lines: { type: 'string' },
  },
});

/** mulberry32: a small seeded PRNG, so a demo run (and the test) is reproducible. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(Number(args.seed));
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const hex = (n) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
const pad = (n, w = 2) => String(n).padStart(w, '0');

function stamps(now) {
  const d = new Date(now);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const ms = pad(d.getMilliseconds(), 3);
  return {
    plog: `${date}-${time}.${ms}.${pad(int(0, 999), 3)}`,
    py: `${date} ${time},${ms}`,
    hilog: `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}.${ms}`,
    iso: d.toISOString(),
  };
}

const PID = 24871;
// One generator per file; each returns a line for the class asked for (noise, retryable, fatal, unknown).
const FILES = {
  'npu-plog.log': {
    noise: (t) => `[INFO] ASCENDCL(${PID},python3):${t.plog} [model_runner.cpp:${int(100, 900)}]${PID + 31} step ${int(1, 99999)} finished in ${int(8, 60)} ms`,
    retryable: (t) =>
      pick([
        () => `${t.py} ERROR decode.py:88 LLMException: [${pick(['link', 'unlink', 'pull_cache'])}] failed, error code is LLMStatusCode.${pick(['LLM_LINK_FAILED', 'LLM_KV_CACHE_NOT_EXIST', 'LLM_NOT_YET_LINK', 'LLM_LINK_BUSY'])}`,
        () => `[ERROR] LLMDATADIST(${PID},python3):${t.plog} [cache_manager.cc:77]${PID + 10} PullKvCache failed, ret = ${pick(['1343270914', '1343270919'])}`,
      ])(),
    fatal: (t) =>
      pick([
        () => `[ERROR] ASCENDCL(${PID},python3):${t.plog} [op_api.cpp:188]${PID + 31} NPU function error: call ${pick(['aclnnAddmm', 'aclnnMatmul', 'aclnnSoftmax'])} failed, error code is ${pick(['161001', '161002', '361001', '561002', '561103'])}`,
        () => `[ERROR] LLMDATADIST(${PID},python3):${t.plog} [llm_datadist.cc:99]${PID + 10} Initialize failed, ret = 4294967295`,
      ])(),
    unknown: (t) => `[ERROR] ASCENDCL(${PID},python3):${t.plog} [op_api.cpp:188]${PID + 31} NPU function error: call aclnnGelu failed, error code is ${pick(['161999', '361777'])}`,
    storm: (t) => `[ERROR] LLMDATADIST(${PID},python3):${t.plog} [llm_datadist.cc:412]${PID + 10} [UnlinkLlmClusters] unlink failed, ErrorNo: 1343270913(LLM wait process timeout)`,
  },
  'npu-device.log': {
    noise: (t) => `[INFO] RUNTIME(${PID},python3):${t.plog} [device.cc:${int(100, 900)}]${PID + 5} device_id=${int(0, 7)} heartbeat ok`,
    retryable: (t) => `[ERROR] TSDAEMON(${PID + 7},tsdaemon):${t.plog} [fault_report.c:211] device_id=${int(0, 7)}, event_id=0x80c98000, link heartbeat lost, report to MindCluster`,
    fatal: (t) =>
      pick([
        () => `HBM MULTI BIT ECC, Uncorrectable ECC, device_id=${int(0, 7)}, event_id=0x80e01801, time us=${int(1e9, 9e9)}.[FUNC:ProcHBMRas][FILE:stars_engine.cc]`,
        () => `[ERROR] RUNTIME(${PID},python3):${t.plog} [stream.cc:1044]${PID + 5} rtStreamSynchronize execute failed, aclrtSynchronizeStream failed, error code is ${pick(['507015', '507014', '507035'])}`,
        () => `[ERROR] ASCENDCL(${PID},python3):${t.plog} [tensor.cc:52]${PID + 5} EZ9999: Inner Error!`,
      ])(),
    unknown: (t) => `[ERROR] TSDAEMON(${PID + 7},tsdaemon):${t.plog} [fault_report.c:211] device_id=${int(0, 7)}, event_id=0x80e1${hex(4)}`,
  },
  'hilog.log': {
    noise: (t) => `${t.hilog}  2231  2290 I A00000/VisionDemo: frame ${int(1, 99999)} processed`,
    retryable: (t) => `${t.hilog}  2231  2290 E A00000/TextRecog: recognize failed errCode: ${pick(['1001400001', '1011000003'])}, errMessage: Failed to run, please try again.`,
    fatal: (t) => `${t.hilog}  2231  2290 E A00000/FaceDetect: BusinessError {code: ${pick(['1001400002', '1008800002'])}, message: The service is abnormal.}`,
    unknown: (t) => `${t.hilog}  2231  2290 E A00000/SubjectSeg: segment failed, errCode: 1011000099, errMessage: unexpected`,
  },
  'speech-sdk.log': {
    noise: (t) => `${t.py} [SpeechSDK] session ${hex(4)} started, sample rate 16000`,
    retryable: (t) => `${t.py} [SpeechSDK] session ${hex(4)} failed, errCode=${pick(['10008', '12010', '14003'])}`,
    fatal: (t) => `${t.py} [SpeechSDK] session ${hex(4)} failed, errCode=${pick(['10001', '10003'])}`,
    unknown: (t) => `${t.py} [SpeechSDK] session ${hex(4)} failed, errCode=19999`,
  },
  'cloud-client.log': {
    noise: (t) => `${t.iso} INFO ocr-client response 200 request_id=${hex(16)}`,
    retryable: (t) => `${t.iso} WARN ocr-client response 429 {"error_code":"${pick(['APIGW.0308', 'AIS.0031'])}","error_msg":"The request is sent too fast."}`,
    fatal: (t) => `${t.iso} ERROR sdk ClientRequestException - {status_code:400,request_id:${hex(16)},error_code:${pick(['AIS.0002', 'AIS.0004'])},error_msg:The request is invalid.}`,
    unknown: (t) => `${t.iso} ERROR sdk ClientRequestException - {status_code:400,request_id:${hex(16)},error_code:AIS.0999,error_msg:unknown}`,
  },
};
const NAMES = Object.keys(FILES);

/** The class of the next line: mostly noise; a storm of LLM wait timeouts for 2 of every 15 minutes. */
function nextKind(now) {
  const minute = Math.floor(now / 60_000) % 15;
  if (minute >= 5 && minute < 7 && random() < 0.3) return 'storm';
  const r = random();
  if (r < 0.005) return 'unknown';
  if (r < 0.03) return 'fatal';
  if (r < 0.15) return 'retryable';
  return 'noise';
}

const rotateBytes = Number(args['rotate-bytes']);
mkdirSync(args.dir, { recursive: true });

function writeLine(now) {
  let kind = nextKind(now);
  let name = pick(NAMES);
  if (kind === 'storm') name = 'npu-plog.log';
  const gen = FILES[name];
  if (kind === 'storm' && gen.storm === undefined) kind = 'retryable';
  const file = join(args.dir, name);
  appendFileSync(file, `${gen[kind](stamps(now))}\n`);
  if (existsSync(file) && statSync(file).size > rotateBytes) renameSync(file, `${file}.1`);
}

if (args.lines !== undefined) {
  // A fixed clock for --lines, so the output is byte-identical for a seed.
  const start = Date.UTC(2026, 4, 24, 10, 0, 0);
  for (let i = 0; i < Number(args.lines); i++) writeLine(start + i * 250);
} else {
  const perTick = Math.max(1, Math.round(Number(args['lines-per-second']) / 4));
  setInterval(() => {
    for (let i = 0; i < perTick; i++) writeLine(Date.now());
  }, 250);
  process.stdout.write(`Writing demo logs to ${args.dir} (${perTick * 4} lines a second).\n`);
}
