// Turns MindCluster's fault configuration (ascend-device-plugin faultCode.json, and optionally its
// faultCustomization.json) into the npu-fault catalog: every device fault event id with its handling level, a
// class derived from the level (fault-levels.ts), and the customisation's frequency rules ("2 times in 24 h ->
// ManuallySeparateNPU") as escalations. The files are read from the operator's host at run time; nothing of
// them is copied into this repository. Bundled npu-fault entries keep their text; the file's level wins.
import { basename } from 'node:path';
import { z } from 'zod';
import { FAULT_LEVELS, catalogSchemas } from '../catalog-schema.js';
import type { CatalogEntry, Escalation, FaultLevel } from '../catalog-types.js';
import { LoadErrors } from '../../load/load-error.js';
import type { LoadError } from '../../load/load-error.js';
import { emitCatalogYaml } from './emit-catalog-yaml.js';
import { LEVEL_MEANINGS } from './fault-levels.js';
import type { GeneratedEntry } from './merge-overlay.js';
import { describeJsonPath, fromBundled, readVendorJson } from './read-vendor-json.js';

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
const severityOf = (level: FaultLevel): number => FAULT_LEVELS.indexOf(level);
/** `0x` and eight hex digits: the longest id the log rules read (`event_id=0x80e01801`). */
const LOGGED_ID_LENGTH = 10;

export interface MindClusterImport {
  readonly yaml: string;
  /**
   * What the import skipped or changed, one sentence each: frequency rules for ids faultCode.json does not list,
   * ids longer than the logs print, levels raised by a first-occurrence rule.
   */
  readonly notes: readonly string[];
}

/**
 * The npu-fault catalog YAML for `faultCodeFile` (and `customizationFile`), merged over `bundled`. Throws
 * LoadErrors naming the file and key of every problem.
 */
export function importMindClusterFaultCodes(faultCodeFile: string, customizationFile: string | undefined, bundled: readonly CatalogEntry[]): MindClusterImport {
  const errors: LoadError[] = [];
  const notes: string[] = [];
  const seed = basename(faultCodeFile);
  const levels = new Map<string, FaultLevel>();
  /** Where faultCode.json lists each id, for a generated entry the catalog schema refuses. */
  const listedAt = new Map<string, (message: string) => LoadError>();
  const longIds: string[] = [];

  const codes = readVendorJson(faultCodeFile, z.unknown());
  errors.push(...codes.errors);
  if (codes.value !== undefined) {
    if (typeof codes.value !== 'object' || codes.value === null || Array.isArray(codes.value)) errors.push(codes.at([], 'expected an object of "<Level>Codes" lists, the layout of faultCode.json'));
    else {
      const lists = codes.value as Record<string, unknown>;
      let found = 0;
      // Mildest first, so an id listed under two levels ends at the more severe one.
      for (const level of FAULT_LEVELS) {
        const key = LEVEL_MEANINGS[level].key;
        if (key === undefined || !(key in lists)) continue;
        found++;
        const ids = z.array(z.string()).safeParse(lists[key]);
        if (!ids.success) {
          errors.push(codes.at([key], `${key} must be a list of event id strings`));
          continue;
        }
        ids.data.forEach((id, i) => {
          const code = canonicalEventId(id);
          if (code === undefined) errors.push(codes.at([key, i], `${key}[${i}]: "${id}" is not a hexadecimal event id like 80E01801`));
          else if (code.length > LOGGED_ID_LENGTH) longIds.push(id.trim());
          else {
            levels.set(code, level);
            listedAt.set(code, (message) => codes.at([key, i], message));
          }
        });
      }
      if (found === 0) errors.push(codes.at([], `no level list found: expected keys such as ${LEVEL_MEANINGS.SeparateNPU.key ?? ''}, ${LEVEL_MEANINGS.RestartRequest.key ?? ''}`));
    }
  }
  if (longIds.length > 0) {
    const shown = [...new Set(longIds)].slice(0, 3).join(', ');
    notes.push(`${seed} lists ${longIds.length} id(s) with more than eight hex digits (${shown}${longIds.length > 3 ? ', ...' : ''}); the log rules read 0x and eight digits, so no entry is written for them.`);
  }

  const rules = customizationFile === undefined ? undefined : readFrequencyRules(customizationFile, errors);
  if (errors.length > 0) throw new LoadErrors(errors);

  const byCode = new Map<string, GeneratedEntry>();
  for (const e of bundled) {
    const { escalate, ...entry } = fromBundled(e);
    // With a customisation file the operator's frequency rules are the only escalations: a bundled default the
    // operator removed must not come back.
    byCode.set(e.code, rules === undefined && escalate !== undefined ? { ...entry, escalate } : entry);
  }
  for (const [code, listed] of levels) {
    const ours = byCode.get(code);
    const first = rules?.firstOccurrence.get(code);
    let level = listed;
    if (first !== undefined) {
      if (severityOf(first.level) > severityOf(listed)) {
        level = first.level;
        notes.push(`FaultFrequency[${first.rule}] handles ${code} as ${first.level} on its first occurrence (Times 1): its level is raised from ${listed}, and the level alerts act on ${first.level}.`);
      } else {
        notes.push(`FaultFrequency[${first.rule}] handles ${code} as ${first.level} on its first occurrence (Times 1); ${seed} already lists it as ${listed}, which is as severe or more: level kept.`);
      }
    }
    const meaning = LEVEL_MEANINGS[level];
    const escalate = rules === undefined ? ours?.escalate : rules.escalations.get(code)?.escalation;
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
  for (const [code, rule] of rules?.named ?? []) {
    if (!levels.has(code)) notes.push(`FaultFrequency[${rule}] names ${code}, which ${seed} does not list: reported and skipped, no entry or escalation written for it.`);
  }

  const entries = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  // What the loader would refuse is refused here, at the key it came from, not after the catalog is written.
  for (const entry of entries) {
    const checked = catalogSchemas().catalogEntrySchema.safeParse(entry);
    if (checked.success) continue;
    for (const issue of checked.error.issues) {
      const message = `${entry.code}: ${issue.message} (at ${issue.path.map(String).join('.')})`;
      errors.push(listedAt.get(entry.code)?.(message) ?? { file: faultCodeFile, line: 0, col: 0, message });
    }
  }
  if (errors.length > 0) throw new LoadErrors(errors);

  const inputs = [faultCodeFile, ...(customizationFile === undefined ? [] : [customizationFile])].map((f) => basename(f));
  const header = `Generated by \`errcode-exporter catalog import-mindcluster\` from ${inputs.join(', ')} and the bundled npu-fault catalog. Regenerate after a MindCluster upgrade.`;
  const yaml = emitCatalogYaml({ family: NPU_FAULT_FAMILY, title: { en: 'NPU device fault events (MindCluster levels, from this installation)', zh: 'NPU设备故障事件（MindCluster处理级别，来自本机配置）' }, seed: inputs.join(','), entries }, header);
  return { yaml, notes };
}

interface FrequencyRules {
  /** Rules with Times >= 2, per id, as the escalation the catalog holds. */
  readonly escalations: ReadonlyMap<string, { readonly escalation: Escalation; readonly rule: number }>;
  /** Rules with Times 1 (the first occurrence is enough), per id, the most severe when several name it. */
  readonly firstOccurrence: ReadonlyMap<string, { readonly level: FaultLevel; readonly rule: number }>;
  /** Every id a rule names, with the first rule naming it. */
  readonly named: ReadonlyMap<string, number>;
}

/** Which catalog field each FaultFrequency key becomes, to report the schema's refusals at the operator's key. */
const KEY_OF_FIELD: Readonly<Record<string, string>> = { count: 'Times', within: 'TimeWindow', level: 'FaultHandling', severity: 'FaultHandling' };

function readFrequencyRules(file: string, errors: LoadError[]): FrequencyRules {
  const escalations = new Map<string, { escalation: Escalation; rule: number }>();
  const firstOccurrence = new Map<string, { level: FaultLevel; rule: number }>();
  const named = new Map<string, number>();
  const custom = readVendorJson(file, z.unknown());
  errors.push(...custom.errors);
  if (custom.value === undefined) return { escalations, firstOccurrence, named };
  const parsed = customizationSchema.safeParse(custom.value);
  if (!parsed.success) {
    errors.push(custom.at([], 'expected an object whose FaultFrequency is a list, the layout of faultCustomization.json'));
    return { escalations, firstOccurrence, named };
  }
  parsed.data.FaultFrequency.forEach((raw, i) => {
    const fail = (path: readonly (string | number)[], message: string): void => {
      const full = ['FaultFrequency', i, ...path];
      errors.push(custom.at(full, `${describeJsonPath(full)}: ${message}`));
    };
    const rule = frequencySchema.safeParse(raw);
    if (!rule.success) {
      for (const issue of rule.error.issues) fail(issue.path.filter((p): p is string | number => typeof p !== 'symbol'), issue.message);
      return;
    }
    const r = rule.data;
    if (!isLevel(r.FaultHandling)) {
      fail(['FaultHandling'], `"${r.FaultHandling}" is not one of ${FAULT_LEVELS.join(', ')}`);
      return;
    }
    const level = r.FaultHandling;
    const ids: string[] = [];
    r.EventId.forEach((id, j) => {
      const code = canonicalEventId(id);
      if (code === undefined) fail(['EventId', j], `"${id}" is not a hexadecimal event id like 80E01801`);
      else ids.push(code);
    });
    for (const code of ids) if (!named.has(code)) named.set(code, i);
    if (r.Times < 2) {
      // Not an escalation: the level itself. The importer raises the entry's level to it (see above).
      for (const code of ids) {
        const seen = firstOccurrence.get(code);
        if (seen === undefined || severityOf(level) > severityOf(seen.level)) firstOccurrence.set(code, { level, rule: i });
      }
      return;
    }
    const within = durationOfSeconds(r.TimeWindow);
    const escalation: Escalation = {
      count: r.Times,
      within,
      severity: LEVEL_MEANINGS[level].class === 'fatal' ? 'page' : 'ticket',
      level,
      reason: `MindCluster's FaultFrequency rule: ${r.Times} times within ${within} -> ${level}, counted here on one source (all devices it reads).`,
    };
    const checked = catalogSchemas().escalateSchema.safeParse(escalation);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? '');
        fail([KEY_OF_FIELD[field] ?? field], `the catalog cannot hold it as escalate.${field}: ${issue.message}`);
      }
      return;
    }
    for (const code of ids) escalations.set(code, { escalation, rule: i });
  });
  return { escalations, firstOccurrence, named };
}
