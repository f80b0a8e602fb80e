#!/usr/bin/env node
// Writes a reproducible benchmark corpus that looks like the real world: the same seed and line count give
// byte-identical output. About 14% of lines carry one vendor code, in line shapes taken from the verbatim
// public corpus of issue 9 (test/fixtures/real/*.yaml; the source of each shape is cited beside it) with the
// code, timestamps, pids and ids varied: Ascend plog, vLLM stdout with ANSI colours (ESC sometimes lost),
// torch_npu tracebacks, hilog in both layouts (`hdc hilog` and DevEco Studio's export), LLM-DataDist C++
// (glog, plog) and Python, Huawei Cloud bodies from the Python, Java and Go SDKs and their users, acl-runtime
// and cann-errmsg lines, Chinese messages. Lines are wrapped as Docker json-file records (10%), CRI records
// (10%; a tenth of those split into a `P` partial and its `F` end), with CRLF (5%). The rest is noise
// including hard negatives from the same corpus (aclrt codes are acl-runtime's, never aclnn's; Python source
// that names a status; HCCL `error code is 1`; other Huawei Cloud services; numbers that contain a code).
//
// usage: node bench/generate-corpus.mjs [--lines 2000000] [--seed 42] [--out bench/out/corpus.log] [--code-share 0.14]
// Also writes <out>.expected.json: how many code-carrying lines (one event each) of each family were written.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { FAMILIES } from './anchors.mjs';

const { values: args } = parseArgs({ options: { lines: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, 'code-share': { type: 'string' } } });
const LINES = Number(args.lines ?? 2_000_000);
const SEED = Number(args.seed ?? 42);
const OUT = args.out ?? 'bench/out/corpus.log';
const CODE_SHARE = Number(args['code-share'] ?? 0.14);

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
const reqId = () => hex(int(0, 0xffffffff), 8) + hex(int(0, 0xffffffff), 8) + hex(int(0, 0xffffffff), 8) + hex(int(0, 0xffffffff), 8);

// Codes the catalogs know (plus a few members they lack, which come out `unknown` but are still events).
const ACLNN = ['161001', '161002', '361001', '561000', '561001', '561002', '561003', '561101', '561102', '561103', '561777'];
const OPS = ['Addmm', 'Matmul', 'Add', 'Mul', 'Softmax', 'FlashAttentionScore', 'RmsNorm', 'IndexPutImpl', 'GroupedMatmulV4', 'Cast', 'InplaceCopy', 'MoeDistributeDispatchV3', 'InplaceZero', 'Cat'];
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
];
const LLM_APIS = ['PullKvCache', 'PullKvBlocks', 'CopyKvCache', 'LinkClusters', 'UnlinkClusters', 'AllocateCache'];
const VISION = ['1001400001', '1001400002', '1008400001', '1008400002', '1008800001', '1008800002', '1011000001', '1011000002', '1011000003', '1011000004'];
const CLOUD = ['AIS.0014', 'AIS.0103', 'AIS.0202', 'APIGW.0101', 'APIGW.0301', 'APIGW.0308', 'APIG.0101', 'APIG.0301', 'ModelArts.4503', 'ModelArts.4104', 'ModelArts.81001', 'AIP.0001'];
// speech-sdk: catalog codes with their own Chinese description (a line that prints a code with its description is the SDK's).
const SPEECH = [['10001', '授权文件不存在'], ['10003', '授权过期'], ['10008', '并发数限制'], ['10009', '调用间隔限制'], ['12001', '无效的参数'], ['12002', '无效的SESSIONID'], ['12010', 'CPU内存不足'], ['12014', '设置的采样率无效'], ['14002', '未登录'], ['15002', 'HTTP请求超时']];
const ACL_RT = ['107000', '107002', '107020', '107027', '207001', '207008', '507011', '507014', '507015', '507033', '507035', '507048'];
const ERRMSG = [
  ['EZ9999', 'AclNN_Inner_Error', 'Parse dynamic kernel config fail.'],
  ['EZ1001', 'AclNN_Parameter_Error', 'K must be 128.'],
  ['EE9999', 'Inner_Error', 'rtMemcpy execution failed.'],
  ['EI0006', 'Get_Socket_Timeout', 'Getting socket times out. Reason: Remote Rank did not send the data in time.'],
  ['EI0002', 'Notify_Wait_Timeout', 'The wait execution of the Notify register times out.'],
  ['EL0003', 'Invalid_Argument', 'The argument is invalid.'],
  ['EL0004', 'Memory_Allocation_Failure', 'Failed to allocate memory.'],
  ['E89999', 'Inner_Error', 'When layout is TND, queryT(8) must be equal to the last element of actualSequenceLengthQ(5)'],
];

let now = Date.UTC(2026, 2, 14, 8, 0, 0);
const tick = () => (now += int(0, 40));
const d = () => new Date(now);
const plogTime = () => {
  const t = d();
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(t.getUTCMilliseconds(), 3)}.${pad(int(0, 999), 3)}`;
};
const pyTime = () => d().toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
const shortTime = () => d().toISOString().slice(5, 19).replace('T', ' ');
const hilogTime = () => d().toISOString().slice(5, 23).replace('T', ' ');
const goTime = () => d().toISOString().slice(0, 19).replace('T', ' ').replaceAll('-', '/');
const iso = () => d().toISOString();
const isoNano = () => `${d().toISOString().slice(0, 23)}${pad(int(0, 999999), 6)}Z`;
const glogTime = () => `${d().toISOString().slice(5, 10).replace('-', '')} ${d().toISOString().slice(11, 23)}${pad(int(0, 999), 3)}`;
const pid = () => int(1000, 999999);
const ESC = '\u001b';
/** vLLM's coloured level; the ESC byte is sometimes lost on the way to the file. */
const level = (lvl) => {
  const esc = random() < 0.2 ? '' : ESC;
  return `${esc}[0;${lvl === 'ERROR' ? '31' : '36'}m${lvl}${esc}[0m`;
};
const worker = () => pick([`(EngineCore_DP0 pid=${pid()})`, `(Worker_DP0_TP${int(0, 7)}_EP${int(0, 7)} pid=${pid()})`, `(VllmWorkerProcess pid=${pid()})`]);
const vllm = (lvl) => `${worker()} ${level(lvl)} ${shortTime()} [${pick(['core.py', 'multiproc_executor.py', 'model_runner_v1.py'])}:${int(100, 900)}]`;
const tsPrefix = () => `compiler_depend.ts:${int(20, 500)}`;
const rank = () => `[rank${int(0, 7)}]:`;

/** [family, template]: every template writes exactly one code of its family; the comment names the real shape. */
const CODE_LINES = [
  // aclnn
  ['aclnn', () => { const c = pick(ACLNN); return `[ERROR] OP(${pid()},python3):${plogTime()} [op_api_def.cpp:${int(10, 999)}]${pid()} errno[${c}] Launch: launch failed for ${pick(OPS)}, errno:${c}.`; }], // CANN inner-error trace (issue 9)
  ['aclnn', () => `RuntimeError: copy_d2d_baseformat_opapi:build/CMakeFiles/torch_npu.dir/${tsPrefix()} NPU function error: call aclnn${pick(OPS)} failed, error code is ${pick(ACLNN)}`], // Ascend/pytorch issues
  ['aclnn', () => `${vllm('ERROR')} RuntimeError: NPU function error: call aclnn${pick(OPS)} failed, error code is ${pick(ACLNN)}`], // vllm-ascend worker output
  ['aclnn', () => `${rank()}[E${int(100, 1231)} ${shortTime().slice(6)}.${int(100000000, 999999999)} ${tsPrefix()}] operator():build/CMakeFiles/torch_npu.dir/${tsPrefix()} NPU function error: call aclnn${pick(OPS)} failed, error code is ${pick(ACLNN)}`], // vllm-ascend#5947 shape
  ['aclnn', () => `关键报错信息：operator():build/CMakeFiles/torch_npu.dir/${tsPrefix()} NPU function error: call aclnn${pick(OPS)} failed, error code is ${pick(ACLNN)}`], // vllm-project/vllm-ascend#5947
  ['aclnn', () => `aclnn${pick(OPS)}GetWorkspaceSize failed. ERROR: ${pick(ACLNN)}`], // CANN operator sample output (issue 9)
  ['aclnn', () => `[ERROR] ASCENDCL(${pid()},python3):${plogTime()} [aclnn_op.cpp:${int(10, 999)}]${pid()} aclnn${pick(OPS)}GetWorkspaceSize failed with aclnnStatus=${pick(ACLNN)}`],
  ['aclnn', () => `aclnn${pick(OPS)} failed, error code ${pick(ACLNN)}`], // issue 9: no "is"
  // acl-runtime
  ['acl-runtime', () => `RuntimeError: operator():build/CMakeFiles/torch_npu.dir/${tsPrefix()} NPU function error: c10_npu::acl::AclrtSynchronizeStreamWithTimeout(copy_stream), error code is ${pick(ACL_RT)}`], // Ascend/pytorch
  ['acl-runtime', () => `${worker()} ERROR ${shortTime()} [multiproc_executor.py:${int(100, 999)}] RuntimeError: ACL stream synchronize failed, error code:${pick(ACL_RT)}`], // vllm-ascend
  ['acl-runtime', () => `[ERROR] aclrtSynchronizeStream(stream) failed: ${pick(ACL_RT)} (/tmp/board/runs/${int(20260101, 20261231)}_${int(100000, 235959)}/npu_validation/Gather/main.cpp:${int(50, 200)})`], // PTOAS board-test reports
  ['acl-runtime', () => `        wait event to be complete failed, runtime result = ${pick(ACL_RT)}[FUNC:ReportCallError][FILE:log_inner.cpp][LINE:${int(100, 200)}]`], // vllm-ascend
  ['acl-runtime', () => `高频出现 RuntimeError: ACL stream synchronize failed, error code:${pick(ACL_RT)} 问题`], // vllm-ascend issue title shape
  // cann-errmsg
  ['cann-errmsg', () => { const [c, n, m] = pick(ERRMSG); return `[PID: ${pid()}] ${plogTime()} ${n}(${c}): ${m}`; }], // vllm-ascend tracebacks
  ['cann-errmsg', () => { const [c] = pick(ERRMSG); return `${vllm('ERROR')} ${c}: Inner Error!`; }],
  ['cann-errmsg', () => { const [c, , m] = pick(ERRMSG); return `${rank()} ${c}: [PID: ${pid()}] ${plogTime()} ${m}`; }],
  ['cann-errmsg', () => { const [c, n, m] = pick(ERRMSG); return `${c}[PID: ${pid()}] ${plogTime()} ${n}(${c}):  ${m}[FUNC:CheckTokenCount][FILE:moe_init_routing_v2_tiling.cpp][LINE:${int(10, 999)}]`; }],
  // llm-datadist
  ['llm-datadist', () => { const [n, v] = pick(LLM); return `[ERROR] LLMDATADIST(${pid()},python3):${plogTime()} [llm_datadist.cc:${int(10, 999)}]${pid()} [${pick(LLM_APIS)}] failed, ErrorNo: ${v >>> 0}(${n})`; }],
  ['llm-datadist', () => `F${glogTime()} ${pid()} llm_data_dist_transfer.cpp:${int(10, 200)}] Check failed: ret == LLM_SUCCESS Initialize LlmDataList failed, ret = ${pick(LLM)[1] >>> 0}`], // glog line, vllm-ascend
  ['llm-datadist', () => `${worker()} llm_datadist.status.LLMException: [link] failed, error code is LLMStatusCode.${pick(LLM)[2]}, {${int(0, 7)}: 0, ${int(8, 31)}: 1}.`], // vllm-ascend
  ['llm-datadist', () => `${worker()} ERROR ${shortTime()} [llmdatadist_c_mgr_connector.py:${int(100, 900)}] KV transfer task failed: [${pick(['link', 'pull_cache', 'pull_blocks'])}] failed, error code is LLMStatusCode.${pick(LLM)[2]}, {${int(0, 7)}: 0, ${int(8, 31)}: 1}.`],
  ['llm-datadist', () => `[ERROR] LLMDATADIST(${pid()},python3):${plogTime()} [cache_manager.cc:${int(10, 999)}]${pid()} ${pick(LLM_APIS)} failed, ret = 0x${pick(LLM)[1].toString(16).toUpperCase()}`], // hex status (issue 9)
  // core-vision: hdc hilog and DevEco Studio export
  ['core-vision', () => `${hilogTime()}  ${int(1000, 9999)}  ${int(1000, 9999)} E A00000/${pick(['SubjectSeg', 'TextRecog', 'FaceCompare'])}: ${pick(['segment', 'recognize', 'compare'])} failed, errCode: ${pick(VISION)}, errMessage: Failed to run, please try again.`],
  ['core-vision', () => `${hilogTime()}  ${int(1000, 9999)}-${int(1000, 9999)}  A00000/com.example/TextRecog  com.example.ocr  E  recognize failed, code: ${pick(VISION)}`],
  ['core-vision', () => `${hilogTime()}  ${int(1000, 9999)}-${int(1000, 9999)}  A00000/com.example/FaceDetect  com.example.face  E  faceDetector.detect failed, error: {"code":401}`],
  ['core-vision', () => `Code: ${pick(VISION)}, message: The service is abnormal.`],
  ['core-vision', () => `Error code:${pick(VISION)}`],
  // huawei-cloud: Python, Java and Go SDKs and their users
  ['huawei-cloud', () => `huaweicloudsdkcore.exceptions.exceptions.ClientRequestException: ClientRequestException - {status_code:400,request_id:${reqId()},error_code:${pick(CLOUD)},error_msg:The image format is not supported.}`],
  ['huawei-cloud', () => `${goTime()} 请求接口 https://dns.myhuaweicloud.com/v2/recordsets?type=A 失败! 返回内容: {"error_msg":"Incorrect IAM authentication information","error_code":"${pick(CLOUD)}","request_id":"${reqId()}"}`], // cloud-huawei.yaml
  ['huawei-cloud', () => `Error: Error creating Security Group: Resource not found: [POST https://vpc.sa-brazil-1.myhuaweicloud.com/v3/${reqId()}/vpc/security-groups], error message: {"error_msg":"The API does not exist","error_code":"${pick(CLOUD)}","request_id":"${reqId()}"}`], // terraform provider (Go SDK)
  ['huawei-cloud', () => `    errorCode: ${pick(CLOUD)}`], // Java SDK exception toString
  ['huawei-cloud', () => `{"error":{"code":"${pick(CLOUD)}","message":"Incorrect IAM authentication information: verify aksk signature fail"}}`],
  ['huawei-cloud', () => `hcloud: the request failed [${pick(CLOUD)}] The request is sent too fast.`],
  ['huawei-cloud', () => `{'status_code': 400, 'request_id': '${reqId()}', 'error_code': '${pick(CLOUD)}', 'error_msg': 'The length of the request body is invalid.'}`],
  ['huawei-cloud', () => `${iso()} WARN ocr-client response 429 {"error_code":"${pick(CLOUD)}","error_msg":"The request is sent too fast."}`],
  // speech-sdk
  ['speech-sdk', () => `${pyTime()} E [SpeechSDK] session ${hex(int(0, 0xffff), 4)} failed, errCode=${pick(SPEECH)[0]}`],
  ['speech-sdk', () => `${pyTime().slice(0, 19)} 识别失败 错误码：${pick(SPEECH).join(' ')}`],
  ['speech-sdk', () => `${pyTime().slice(0, 19)} Login failed, ret=${pick(SPEECH)[0]}`],
  ['speech-sdk', () => `SpeechEngine: license check ErrorCode:${pick(SPEECH)[0]}`],
];

const NOISE_LINES = [
  () => `[INFO] RUNTIME(${pid()},python3):${plogTime()} [runtime.cc:${int(10, 2000)}]${pid()} Init: device ${int(0, 7)} opened, stream ${int(0, 4096)} created`,
  () => `[INFO] ASCENDCL(${pid()},python3):${plogTime()} [acl.cpp:${int(10, 400)}]${pid()} aclInit: start to execute aclInit`,
  () => `[EVENT] PROFILING(${pid()},python3):${plogTime()} [msprof_callback_impl.cpp:${int(10, 400)}]${pid()} MsprofCtrlCallbackImpl: profiling is off`,
  () => `[WARNING] GE(${pid()},python3):${plogTime()} [graph_manager.cc:${int(10, 2000)}]${pid()} SetGraphOption: option ge.exec.precision_mode is deprecated`,
  () => `[INFO] RUNTIME(${pid()},python3):${plogTime()} [runtime.cc:${int(10, 2000)}]${pid()} Init: PID:${pick(ACLNN)} bound`,
  () => `${vllm('INFO')} Avg prompt throughput: ${int(0, 9000)}.${int(0, 9)} tokens/s, Avg generation throughput: ${int(0, 900)}.${int(0, 9)} tokens/s, Running: ${int(0, 64)} reqs, Waiting: 0 reqs, GPU KV cache usage: ${int(0, 99)}.${int(0, 9)}%`,
  () => `${vllm('INFO')} Starting to load model /models/Qwen3-32B...`,
  () => `${worker()} INFO ${shortTime()} [parallel_state.py:${int(100, 1200)}] rank ${int(0, 15)} in world size 16 is assigned as DP rank 0, PP rank 0, TP rank ${int(0, 7)}, EP rank ${int(0, 7)}`,
  () => `  File "/usr/local/python3.11.10/lib/python3.11/site-packages/torch/nn/modules/module.py", line ${int(100, 1800)}, in _call_impl`,
  () => '    return forward_call(*args, **kwargs)',
  () => 'Traceback (most recent call last):',
  () => `${pyTime()} INFO [decode-${int(0, 7)}] heartbeat ok, ret = 0`,
  () => `${hilogTime()}  ${int(100, 9999)}  ${int(100, 9999)} I I02c01/CustCarrierMount: success to update cota carrier`,
  () => `${hilogTime()}  ${int(100, 9999)}  ${int(100, 9999)} I A00000/HttpClient: GET https://example.invalid/v${int(1, 3)}/items returned status ${pick(['200', '401', '404'])}`,
  () => `${hilogTime()}  ${int(100, 9999)}-${int(100, 9999)}  A00000/com.example/Orders  com.example.shop  I  order PAY${int(2024, 2026)}${pad(int(1, 12))}${pad(int(1, 28))}${pick(VISION)} created`,
  () => `${iso()} INFO  ocr-client request_id=${reqId()} POST /v2/ocr/general-text status=200 took=${int(20, 2000)}ms`,
  () => `${iso()} INFO  gateway 10.${int(0, 255)}.${int(0, 255)}.${int(0, 255)}:${int(1024, 65535)} -> upstream ok`,
  () => `${pyTime()} DEBUG scheduler tick ${int(0, 1e9)} queue=${int(0, 512)} free_blocks=${int(0, 100000)}`,
  () => `${pyTime()} INFO 推理服务已启动，端口 ${int(1024, 65535)}，模型加载完成，耗时 ${int(1, 300)} 秒`,
  () => `${pyTime()} INFO 请求 ${reqId()} 处理完成，返回 ${int(1, 4000)} 个 token`,
  // hard negatives from test/fixtures/real (verbatim or with numbers varied); each must stay silent
  () => `[ERROR] ${plogTime().slice(0, 19)} (PID:${pid()}, Device:${int(0, 7)}, RankID:-1) ERR00100 PTA call acl api failed.`, // vllm-project/vllm-ascend#5947
  () => '    raise LLMException(f"{func_name} failed, error code is {code_2_status(status)}, {other_info}.", status_code=status)',
  () => '                       status_code=LLMStatusCode.LLM_FAILED)', // ascend-negatives.yaml
  () => '            self.assertEqual(ex.exception.status_code, LLMStatusCode.LLM_PARAM_INVALID)', // ascend-negatives.yaml
  () => '    if ret != LLMStatusCode.LLM_SUCCESS:', // ascend-negatives.yaml
  () => `{"error_code":"FRS.0304","error_msg":"face not found"}`, // cloud-other-services.yaml
  () => `    Error syncing load balancer: failed to ensure load balancer: {"status_code":400,"request_id":"${reqId()}","error_code":"ELB.1202","error_message":"enterprise_project_id can not be empty"}`, // cloud-other-services.yaml
  () => `E11000 duplicate key error, code: 11000; wechat {"errcode":40001}`, // speech negatives
  () => `${iso()} INFO  ocr-client model version 1jais.00${int(10, 99)}1 loaded`,
  () => `${pyTime()} INFO [prefill-${int(0, 7)}] status LLM_SUCCESS: 0, cached ${int(0, 100000)} blocks`,
];

// Where a CRI runtime may cut a code line into a P and an F record: at the first blank after the code and its
// context (after the last one when the line prints the code twice) (the peers' patterns, bench/anchors.mjs, say where that ends), so the peers, which do not join
// partial records, can count it too; scan joins the record whatever the cut.
const CODE_END = new Map(FAMILIES.map(({ family, patterns }) => [family, patterns.map((p) => new RegExp(p.replaceAll('(?P<', '(?<'), 'g'))]));
function cutAfterCode(line, family) {
  if (family === undefined) return line.lastIndexOf(' ') + 1;
  for (const re of CODE_END.get(family)) {
    const matches = [...line.matchAll(re)];
    const last = matches[matches.length - 1];
    if (last) return line.indexOf(' ', last.index + last[0].length) + 1;
  }
  return 0;
}

/** Docker json-file (10%), CRI (10%, a tenth split P + F), CRLF (5%), else as is. Returns the record(s). */
function wrap(line, family) {
  const r = random();
  if (r < 0.1) return `{"log":${JSON.stringify(`${line}\n`)},"stream":"${pick(['stdout', 'stderr'])}","time":"${isoNano()}"}`;
  if (r < 0.2) {
    const stream = pick(['stdout', 'stderr']);
    if (random() < 0.1 && line.length > 40) {
      const cut = cutAfterCode(line, family);
      if (cut > 1) return `${isoNano()} ${stream} P ${line.slice(0, cut)}\n${isoNano()} ${stream} F ${line.slice(cut)}`;
    }
    return `${isoNano()} ${stream} F ${line}`;
  }
  if (r < 0.25) return `${line}\r`;
  return line;
}

mkdirSync(dirname(OUT), { recursive: true });
const out = createWriteStream(OUT);
const expected = { seed: SEED, lines: 0, codeLines: 0, byFamily: {} };
let batch = '';
let i = 0;
function write() {
  for (; i < LINES; i++) {
    tick();
    let record;
    if (random() < CODE_SHARE) {
      const [family, make] = pick(CODE_LINES);
      record = wrap(make(), family);
      expected.codeLines++;
      expected.byFamily[family] = (expected.byFamily[family] ?? 0) + 1;
    } else {
      record = wrap(pick(NOISE_LINES)());
    }
    expected.lines += record.includes('\n') ? 2 : 1;
    batch += `${record}\n`;
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
    expected.byFamily = Object.fromEntries(Object.entries(expected.byFamily).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(`${OUT}.expected.json`, `${JSON.stringify(expected, null, 2)}\n`);
    process.stderr.write(`wrote ${expected.lines} lines (${expected.codeLines} with codes) to ${OUT}\n`);
  });
}
write();
