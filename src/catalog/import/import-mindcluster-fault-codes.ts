// Turns MindCluster's fault configuration (ascend-device-plugin faultCode.json, and optionally its
// faultCustomization.json) into the npu-fault catalog: every device fault event id with its handling level, a
// class derived from the level (fault-levels.ts), and the customisation's frequency rules ("2 times in 24 h ->
// ManuallySeparateNPU") as escalations. The files are read from the operator's host at run time; nothing of
// them is copied into this repository. Bundled npu-fault entries keep their text; the file's level wins.
import { basename } from 'node:path';
import { z } from 'zod';
import { FAULT_LEVELS } from '../catalog-schema.js';
import type { CatalogEntry, Escalation, FaultLevel } from '../catalog-types.js';
import { LoadErrors } from '../../load/load-error.js';
import type { LoadError } from '../../load/load-error.js';
import { readDataFile } from '../../load/read-data-files.js';
import { emitCatalogYaml } from './emit-catalog-yaml.js';
import { LEVEL_MEANINGS } from './fault-levels.js';
import type { GeneratedEntry } from './merge-overlay.js';

export const NPU_FAULT_FAMILY = 'npu-fault';
/** An event id as MindCluster writes it (`80E01801`), or with `0x`. Some ids have nine digits (`200001002`). */
const EVENT_ID = /^(?:0x)?([0-9A-F]{1,16})$/i;

const frequencySchema = z.looseObject({
  EventId: z.array(z.string()).min(1, 'EventId must list at least one id'),
  TimeWindow: z.int().positive('TimeWindow is seconds, above 0'),
  Times: z.int().positive('Times must be above 0'),
  FaultHandling: z.string(),
});
const customizationSchema = z.looseObject({ FaultFrequency: z.array(z.unknown()).default([]) });

/** `0x80E01801` for any spelling of the id, or undefined when it is not one. */
export function canonicalEventId(id: string): string | undefined {
  const m = EVENT_ID.exec(id.trim());
  return m ? `0x${(m[1] ?? '').toUpperCase()}` : undefined;
}

/** Seconds as one Prometheus duration unit: 86400 -> `24h`, 1800 -> `30m`. */
export function durationOfSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const isLevel = (s: string): s is FaultLevel => (FAULT_LEVELS as readonly string[]).includes(s);

export interface MindClusterImport {
  readonly yaml: string;
  /** Things the import skipped, one sentence each (frequency rules for ids faultCode.json does not list). */
  readonly notes: readonly string[];
}

/**
 * The npu-fault catalog YAML for `faultCodeFile` (and `customizationFile`), merged over `bundled`. Throws
 * LoadErrors naming the file and key of every problem.
 */
export function importMindClusterFaultCodes(faultCodeFile: string, customizationFile: string | undefined, bundled: readonly CatalogEntry[]): MindClusterImport {
  const errors: LoadError[] = [];
  const notes: string[] = [];
  const fail = (file: string, message: string): void => void errors.push({ file, line: 0, col: 0, message });
  const levels = new Map<string, FaultLevel>();

  const codes = readJson(faultCodeFile, errors);
  if (codes !== undefined) {
    if (typeof codes !== 'object' || codes === null || Array.isArray(codes)) fail(faultCodeFile, 'expected an object of "<Level>Codes" lists, the layout of faultCode.json');
    else {
      const lists = codes as Record<string, unknown>;
      let found = 0;
      // Mildest first, so an id listed under two levels ends at the more severe one.
      for (const level of FAULT_LEVELS) {
        const key = LEVEL_MEANINGS[level].key;
        if (key === undefined || !(key in lists)) continue;
        found++;
        const ids = z.array(z.string()).safeParse(lists[key]);
        if (!ids.success) {
          fail(faultCodeFile, `${key} must be a list of event id strings`);
          continue;
        }
        ids.data.forEach((id, i) => {
          const code = canonicalEventId(id);
          if (code === undefined) fail(faultCodeFile, `${key}[${i}]: "${id}" is not a hexadecimal event id like 80E01801`);
          else levels.set(code, level);
        });
      }
      if (found === 0) fail(faultCodeFile, `no level list found: expected keys such as ${LEVEL_MEANINGS.SeparateNPU.key ?? ''}, ${LEVEL_MEANINGS.RestartRequest.key ?? ''}`);
    }
  }

  const escalations = new Map<string, Escalation>();
  if (customizationFile !== undefined) {
    const json = readJson(customizationFile, errors);
    const parsed = json === undefined ? undefined : customizationSchema.safeParse(json);
    if (parsed !== undefined && !parsed.success) fail(customizationFile, 'expected an object whose FaultFrequency is a list, the layout of faultCustomization.json');
    parsed?.data?.FaultFrequency.forEach((raw, i) => {
      const rule = frequencySchema.safeParse(raw);
      if (!rule.success) {
        for (const issue of rule.error.issues) fail(customizationFile, `FaultFrequency[${i}]${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`);
        return;
      }
      const r = rule.data;
      if (!isLevel(r.FaultHandling)) {
        fail(customizationFile, `FaultFrequency[${i}].FaultHandling: "${r.FaultHandling}" is not one of ${FAULT_LEVELS.join(', ')}`);
        return;
      }
      if (r.Times < 2) {
        notes.push(`FaultFrequency[${i}] fires on the first occurrence (Times ${r.Times}); the level alerts cover that, no escalation written.`);
        return;
      }
      const within = durationOfSeconds(r.TimeWindow);
      const escalation: Escalation = {
        count: r.Times,
        within,
        severity: LEVEL_MEANINGS[r.FaultHandling].class === 'fatal' ? 'page' : 'ticket',
        level: r.FaultHandling,
        reason: `MindCluster's FaultFrequency rule: ${r.Times} times within ${within} on one device -> ${r.FaultHandling}.`,
      };
      r.EventId.forEach((id, j) => {
        const code = canonicalEventId(id);
        if (code === undefined) fail(customizationFile, `FaultFrequency[${i}].EventId[${j}]: "${id}" is not a hexadecimal event id like 80E01801`);
        else escalations.set(code, escalation);
      });
    });
  }
  if (errors.length > 0) throw new LoadErrors(errors);

  const byCode = new Map<string, GeneratedEntry>();
  for (const e of bundled) byCode.set(e.code, fromBundled(e));
  const seed = basename(faultCodeFile);
  for (const [code, level] of levels) {
    const ours = byCode.get(code);
    const meaning = LEVEL_MEANINGS[level];
    const escalate = escalations.get(code) ?? ours?.escalate;
    byCode.set(code, {
      code,
      name: ours?.name ?? '',
      aliases: [code.slice(2)],
      message: ours?.message ?? { en: `Device fault event ${code}; MindCluster handles it as ${level}.`, zh: `设备故障事件${code}；MindCluster按${level}处理。` },
      ...(ours?.cause !== undefined && { cause: ours.cause }),
      remedy: ours?.remedy ?? meaning.remedy,
      class: meaning.class,
      class_basis: 'policy',
      class_reason: meaning.reason,
      contexts: [],
      level,
      ...(escalate !== undefined && { escalate }),
      source: ours?.source ?? `seed:${seed}`,
    });
  }
  for (const code of escalations.keys()) {
    if (!levels.has(code) && !byCode.has(code)) notes.push(`FaultFrequency names ${code}, which ${seed} does not list: no entry written for it.`);
  }
  const entries = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const inputs = [faultCodeFile, ...(customizationFile === undefined ? [] : [customizationFile])].map((f) => basename(f));
  const header = `Generated by \`errcode-exporter catalog import-mindcluster\` from ${inputs.join(', ')} and the bundled npu-fault catalog. Regenerate after a MindCluster upgrade.`;
  const yaml = emitCatalogYaml({ family: NPU_FAULT_FAMILY, title: { en: 'NPU device fault events (MindCluster levels, from this installation)', zh: 'NPU设备故障事件（MindCluster处理级别，来自本机配置）' }, seed: inputs.join(','), entries }, header);
  return { yaml, notes };
}

function readJson(file: string, errors: LoadError[]): unknown {
  const read = readDataFile(file);
  if ('error' in read) {
    errors.push(read.error);
    return undefined;
  }
  try {
    return JSON.parse(read.text) as unknown;
  } catch (err) {
    errors.push({ file, line: 0, col: 0, message: `not JSON: ${(err as Error).message}` });
    return undefined;
  }
}

function fromBundled(e: CatalogEntry): GeneratedEntry {
  return {
    code: e.code,
    name: e.name,
    aliases: e.aliases,
    message: e.message,
    ...(e.cause !== undefined && { cause: e.cause }),
    remedy: e.remedy,
    class: e.class,
    class_basis: e.classBasis,
    class_reason: e.classReason,
    contexts: [],
    ...(e.level !== undefined && { level: e.level }),
    ...(e.escalate !== undefined && { escalate: e.escalate }),
    source: e.source,
  };
}
