// What each MindCluster fault handling level means for an operator: the class an npu-fault event gets, and our
// own remedy text. One table, so the importer, the bundled catalog's docs and the alert rules agree
// (docs/classification/npu-fault.md explains the choice per level).
import type { CodeClass } from '../../types.js';
import type { Bilingual, FaultLevel } from '../catalog-types.js';

interface LevelMeaning {
  /** The key of faultCode.json that lists the level's ids; undefined for levels only the customisation file reaches. */
  readonly key: string | undefined;
  readonly class: Extract<CodeClass, 'retryable' | 'fatal'>;
  readonly reason: string;
  readonly remedy: Bilingual;
}

export const LEVEL_MEANINGS: Readonly<Record<FaultLevel, LevelMeaning>> = {
  NotHandleFault: {
    key: 'NotHandleFaultCodes',
    class: 'retryable',
    reason: 'MindCluster does not act on it (NotHandleFault): the device and the job carry on.',
    remedy: { en: 'No action while it stays rare; watch its rate on this device.', zh: '偶发时无需处理；关注该设备上的发生频率。' },
  },
  SubHealthFault: {
    key: 'SubHealthFaultCodes',
    class: 'retryable',
    reason: 'MindCluster marks the device sub-healthy (SubHealthFault): it keeps working but is avoided for new jobs.',
    remedy: { en: 'Plan maintenance for the device; new jobs are scheduled elsewhere.', zh: '为该设备安排维护；新任务会调度到其他设备。' },
  },
  RestartRequest: {
    key: 'RestartRequestCodes',
    class: 'retryable',
    reason: 'MindCluster retries the failed request or step (RestartRequest): one occurrence recovers by itself.',
    remedy: { en: 'None for one occurrence; a storm on one device needs a look at the device.', zh: '单次发生无需处理；同一设备频繁发生时需检查设备。' },
  },
  RestartBusiness: {
    key: 'RestartBusinessCodes',
    class: 'fatal',
    reason: 'MindCluster restarts the job (RestartBusiness): the running work is lost and resumes from its last checkpoint.',
    remedy: { en: 'Let the job restart from its checkpoint; if the same device repeats it, isolate the device.', zh: '任务将从检查点重启；同一设备反复出现时隔离该设备。' },
  },
  FreeRestartNPU: {
    key: 'FreeRestartNPUCodes',
    class: 'fatal',
    reason: 'MindCluster resets the device once it is free (FreeRestartNPU): the job on it stops.',
    remedy: { en: 'Let the device be reset when idle, then reschedule the job.', zh: '待设备空闲后复位，再重新调度任务。' },
  },
  RestartNPU: {
    key: 'RestartNPUCodes',
    class: 'fatal',
    reason: 'MindCluster resets the device (RestartNPU): the job on it stops.',
    remedy: { en: 'Reset the device (MindCluster does it when enabled) and reschedule the job.', zh: '复位设备（开启时由MindCluster完成），并重新调度任务。' },
  },
  PreSeparateNPU: {
    key: 'PreSeparateNPUCodes',
    class: 'fatal',
    reason: 'MindCluster isolates the device once its job ends (PreSeparateNPU): it takes no new work.',
    remedy: { en: 'Drain the device and have the hardware checked before it takes work again.', zh: '排空该设备，并在恢复使用前检查硬件。' },
  },
  SeparateNPU: {
    key: 'SeparateNPUCodes',
    class: 'fatal',
    reason: 'MindCluster isolates the device now (SeparateNPU): the job on it fails and the device is out of service.',
    remedy: { en: 'Replace or repair the device; move its work to healthy devices.', zh: '更换或维修该设备；将其任务迁移到健康设备。' },
  },
  ManuallySeparateNPU: {
    key: undefined,
    class: 'fatal',
    reason: 'The device stays isolated until a person clears it (ManuallySeparateNPU), usually after a fault repeated too often.',
    remedy: { en: 'Have the device inspected; clear ManuallySeparateNPU in the device-info ConfigMap only once it is healthy.', zh: '检查该设备；确认健康后再清除device-info ConfigMap中的ManuallySeparateNPU。' },
  },
};
