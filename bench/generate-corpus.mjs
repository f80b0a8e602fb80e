#!/usr/bin/env node
// Writes a reproducible benchmark corpus: the same seed and line count give byte-identical output.
// About 15% of lines carry a vendor code in the real-world formats of issue 3 (plog, torch_npu, vLLM,
// LLM-DataDist C++/Python, hilog, Huawei Cloud JSON/SDK, speech SDK, docker/grep/CRLF wrappers); the rest
// is ordinary log noise, including the hard negatives that must stay silent. All values are made up.
//
// usage: node bench/generate-corpus.mjs [--lines 2000000] [--seed 42] [--out bench/out/corpus.log]
// Also writes <out>.expected.json: how many code-carrying lines of each family were written.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const LINES = Number(args.lines ?? 2_000_000);
const SEED = Number(args.seed ?? 42);
const OUT = args.out ?? 'bench/out/corpus.log';
const CODE_SHARE = Number(args['code-share'] ?? 0.15);

// mulberry32: tiny, fast, and the same sequence on every platform.
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const hex = (n, width) => n.toString(16).padStart(width, '0');
const pad = (n, w = 2) => String(n).padStart(w, '0');

// Codes from the seeds (plus a few the catalogs do not know, which must come out `unknown`).
const ACLNN = ['161001', '161002', '361001', '561000', '561001', '561002', '561003', '561101', '561102', '561103', '561777'];
const ACLNN_OPS = ['Addmm', 'Matmul', 'Add', 'Mul', 'Softmax', 'FlashAttentionScore', 'RmsNorm', 'IndexPutImpl', 'GroupedMatmulV4', 'Cast', 'Convolution'];
const LLM = [
  ['LLM_WAIT_PROC_TIMEOUT', 0x5010b001, 'LLM_WAIT_PROCESS_TIMEOUT'],
  ['LLM_KV_CACHE_NOT_EXIST', 0x5010b002, 'LLM_KV_CACHE_NOT_EXIST'],
  ['LLM_PARAM_INVALID', 0x5010b005, 'LLM_PARAM_INVALID'],
  ['LLM_NOT_YET_LINK', 0x5010b007, 'LLM_NOT_YET_LINK'],
  ['LLM_LINK_FAILED', 0x5010b009, 'LLM_LINK_FAILED'],
  ['LLM_UNLINK_FAILED', 0x5010b00a, 'LLM_UNLINK_FAILED'],
  ['LLM_DEVICE_OUT_OF_MEMORY', 0x5010b00e, 'LLM_DEVICE_OUT_OF_MEMORY'],
  ['LLM_TIMEOUT', 0x5010b01a, 'LLM_TIMEOUT'],
  ['LLM_LINK_BUSY', 0x5010b01b, 'LLM_LINK_BUSY'],
  ['LLM_OUT_OF_MEMORY', 0x5010b01c, 'LLM_OUT_OF_MEMORY'],
  ['LLM_FAILED', 0xffffffff, 'LLM_FAILED'],
];
const LLM_APIS = ['PullKvCache', 'PullKvBlocks', 'CopyKvCache', 'LinkClusters', 'UnlinkClusters', 'AllocateCache'];
const VISION = ['1001400001', '1001400002', '1008400001', '1008400002', '1008800001', '1008800002', '1011000001', '1011000002', '1011000003', '1011000004', '200', '401'];
const CLOUD = ['AIS.0002', 'AIS.0003', 'AIS.0014', 'AIS.0020', 'APIGW.0101', 'APIGW.0301', 'APIGW.0308', 'APIG.0308', 'ModelArts.4101', 'ModelArts.4702', 'AIP.0001', 'AIP.0005'];
const SPEECH = ['10001', '10003', '10008', '10009', '12001', '12002', '12010', '12014', '20005', '30001'];

let now = Date.UTC(2025, 2, 14, 8, 0, 0);
const tick = () => (now += int(0, 40));
const d = () => new Date(now);
const plogTime = () => {
  const t = d();
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(t.getUTCMilliseconds(), 3)}.${pad(int(0, 999), 3)}`;
};
const pyTime = () => d().toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
const shortTime = () => d().toISOString().slice(5, 19).replace('T', ' ');
const hilogTime = () => d().toISOString().slice(5, 23).replace('T', ' ');
const iso = () => d().toISOString();
const pid = () => int(1000, 99999);
const ESC = '\u001b';
const vllm = (level) => {
  const colour = level === 'ERROR' ? '31' : '36';
  const esc = random() < 0.2 ? '' : ESC; // sometimes the ESC byte is lost on the way to the file
  return `(EngineCore_DP0 pid=${pid()}) ${esc}[0;${colour}m${level}${esc}[0m ${shortTime()} [core.py:${int(100, 900)}]`;
};

/** [family, template] pairs; weights repeat entries. */
const CODE_LINES = [
  ['aclnn', () => { const c = pick(ACLNN); return `[ERROR] OP(${pid()},python3):${plogTime()} [op_api_def.cpp:${int(10, 999)}]${pid()} errno[${c}] Launch: launch failed for ${pick(ACLNN_OPS)}, errno:${c}.`; }],
  ['aclnn', () => `[ERROR] ASCENDCL(${pid()},python3):${plogTime()} [aclnn_op.cpp:${int(10, 999)}]${pid()} aclnn${pick(ACLNN_OPS)}GetWorkspaceSize failed with aclnnStatus=${pick(ACLNN)}`],
  ['aclnn', () => `[ERROR] ASCENDCL(${pid()},python3):${plogTime()} [aclnn_op.cpp:${int(10, 999)}]${pid()} aclnn${pick(ACLNN_OPS)}GetWorkspaceSize failed, ret=${pick(ACLNN)}`],
  ['aclnn', () => `RuntimeError: NPU function error: call aclnn${pick(ACLNN_OPS)} failed, error code is ${pick(ACLNN)}`],
  ['aclnn', () => `${vllm('ERROR')} RuntimeError: NPU function error: call aclnn${pick(ACLNN_OPS)} failed, error code is ${pick(ACLNN)}`],
  ['llm-datadist', () => { const [n, v] = pick(LLM); return `[ERROR] LLMDATADIST(${pid()},python3):${plogTime()} [llm_datadist.cc:${int(10, 999)}]${pid()} [${pick(LLM_APIS)}] failed, ErrorNo: ${v >>> 0}(${n})`; }],
  ['llm-datadist', () => `[ERROR] LLMDATADIST(${pid()},python3):${plogTime()} [cache_manager.cc:${int(10, 999)}]${pid()} ${pick(LLM_APIS)} failed, ret = ${pick(LLM)[1] >>> 0}`],
  ['llm-datadist', () => `${pyTime()} ERROR LLMException: [${pick(['link', 'pull_cache', 'pull_blocks', 'allocate_cache'])}] failed, error code is LLMStatusCode.${pick(LLM)[2]}`],
  ['core-vision', () => `${hilogTime()}  ${pid()}  ${pid()} E A00000/VisionDemo: ${pick(['recognizeText', 'faceDetector.detect', 'doSegmentation', 'compareFaces'])} failed, errCode: ${pick(VISION)}, errMessage: Failed to run, please try again.`],
  ['core-vision', () => `Error code:${pick(VISION.slice(0, 10))}`],
  ['huawei-cloud', () => `${iso()} ERROR ocr-client request_id=${hex(int(0, 0xffffffff), 8)} status=400 body={"error_code":"${pick(CLOUD)}","error_msg":"The request is rejected."}`],
  ['huawei-cloud', () => `${iso()} ERROR ocr-client body={"error_msg":"Incorrect IAM authentication information","request_id":"${hex(int(0, 0xffffffff), 8)}","error_code":"${pick(CLOUD)}"}`],
  ['huawei-cloud', () => `${iso()} ERROR train-job ClientRequestException - {status_code:400,request_id:${hex(int(0, 0xffffffff), 8)}${hex(int(0, 0xffffffff), 8)},error_code:${pick(CLOUD)},error_msg:Invalid request.}`],
  ['speech-sdk', () => `${pyTime()} E [SpeechSDK] session ${hex(int(0, 0xffffff), 6)} ended, errCode=${pick(SPEECH)}`],
];
const WRAPPED = (line) => {
  const r = random();
  if (r < 0.1) return `{"log":${JSON.stringify(`${line}\n`)},"stream":"stderr","time":"${iso()}"}`;
  if (r < 0.15) return `${int(1, 99999)}:${line}`;
  if (r < 0.2) return `${line}\r`;
  return line;
};

const NOISE_LINES = [
  () => `[INFO] RUNTIME(${pid()},python3):${plogTime()} [runtime.cc:${int(10, 2000)}]${pid()} Init: device ${int(0, 7)} opened, stream ${int(0, 4096)} created`,
  () => `[INFO] ASCENDCL(${pid()},python3):${plogTime()} [acl.cpp:${int(10, 400)}]${pid()} aclInit: start to execute aclInit`,
  () => `[EVENT] PROFILING(${pid()},python3):${plogTime()} [msprof_callback_impl.cpp:${int(10, 400)}]${pid()} MsprofCtrlCallbackImpl: profiling is off`,
  () => `[WARNING] GE(${pid()},python3):${plogTime()} [graph_manager.cc:${int(10, 2000)}]${pid()} SetGraphOption: option ge.exec.precision_mode is deprecated`,
  () => `[INFO] RUNTIME(${pid()},python3):${plogTime()} [runtime.cc:${int(10, 2000)}]${pid()} Init: PID:${pick(ACLNN)} bound`,
  () => `[ERROR] RUNTIME(${pid()},python3):${plogTime()} [stream.cc:${int(10, 2000)}]${pid()} aclrtSynchronizeStream failed, error code is ${pick(['107000', '507015', '507035'])}`,
  () => `${vllm('INFO')} Avg prompt throughput: ${int(0, 9000)}.${int(0, 9)} tokens/s, Running: ${int(0, 64)} reqs`,
  () => `${pyTime()} INFO [decode-${int(0, 7)}] heartbeat ok, ret = 0`,
  () => `${pyTime()} INFO [prefill-${int(0, 7)}] status LLM_SUCCESS: 0, cached ${int(0, 100000)} blocks`,
  () => `    raise LLMException(f"{func_name} failed, error code is {code_2_status(status)}, {other_info}.", status_code=status)`,
  () => `${hilogTime()}  ${pid()}  ${pid()} I A00000/HttpClient: GET https://example.invalid/v${int(1, 3)}/items returned status ${pick(['200', '401', '404'])}`,
  () => `${hilogTime()}  ${pid()}  ${pid()} I A00000/Orders: order PAY${int(2024, 2026)}${pad(int(1, 12))}${pad(int(1, 28))}${pick(VISION)} created`,
  () => `${iso()} INFO  ocr-client request_id=${hex(int(0, 0xffffffff), 8)} POST /v2/ocr/general-text status=200 took=${int(20, 2000)}ms`,
  () => `${iso()} INFO  ocr-client model version 1jais.00${int(10, 99)}1 loaded`,
  () => `${iso()} INFO  gateway 10.${int(0, 255)}.${int(0, 255)}.${int(0, 255)}:${int(1024, 65535)} -> upstream ok`,
  () => `${pyTime()} DEBUG scheduler tick ${int(0, 1e9)} queue=${int(0, 512)} free_blocks=${int(0, 100000)}`,
];

mkdirSync(dirname(OUT), { recursive: true });
const out = createWriteStream(OUT);
const expected = { seed: SEED, lines: LINES, codeLines: 0, byFamily: {} };
let batch = '';
let i = 0;
function write() {
  for (; i < LINES; i++) {
    tick();
    let line;
    if (random() < CODE_SHARE) {
      const [family, make] = pick(CODE_LINES);
      line = WRAPPED(make());
      expected.codeLines++;
      expected.byFamily[family] = (expected.byFamily[family] ?? 0) + 1;
    } else {
      line = pick(NOISE_LINES)();
    }
    batch += `${line}\n`;
    if (batch.length > 1 << 20) {
      const ok = out.write(batch);
      batch = '';
      if (!ok) {
        i++;
        out.once('drain', write);
        return;
      }
    }
  }
  out.end(batch, () => {
    writeFileSync(`${OUT}.expected.json`, `${JSON.stringify(expected, null, 2)}\n`);
    process.stderr.write(`wrote ${LINES} lines (${expected.codeLines} with codes) to ${OUT}\n`);
  });
}
write();
