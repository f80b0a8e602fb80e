// Builds the status page's snapshot from what the recorder remembers, the files' sizes and the knowledge
// in use. Pure: same input, same snapshot. Bounds every list and makes every log-derived text displayable;
// with samples off no line text is put in, whatever the input holds.
import type { CatalogIndex } from '../catalog/catalog-types.js';
import type { Bilingual } from '../catalog/catalog-types.js';
import type { EventClass } from '../types.js';
import { displayText } from './display-text.js';
import type { CheckpointStatus, CodeStatus, EventSample, FatalEventStatus, FileStatus, InputStatus, KnowledgeStatus, StatusSnapshot } from './status-types.js';
import type { CodeTally, EventRecord, FatalRecord, KnowledgeLoadState, ObservedFile, ReloadRecord, SourceActivity } from './status-recorder.js';

export interface StatusInputConfig {
  readonly name: string;
  /** The source's config type: `files`, `stdin`, `exec`, ... */
  readonly kind: string;
  readonly include: readonly string[];
}

/** A file's size and modification time when the snapshot was asked for; absent when it could not be looked at. */
export interface FileSize {
  readonly size: number;
  readonly modifiedAt: number;
}

export interface StatusInput {
  readonly now: number;
  readonly startedAt: number;
  readonly version: string;
  readonly refreshMs: number;
  readonly samples: boolean;
  readonly load: KnowledgeLoadState;
  readonly inputs: readonly StatusInputConfig[];
  readonly activity: ReadonlyMap<string, SourceActivity>;
  readonly files: readonly ObservedFile[];
  /** Keyed by path. */
  readonly sizes: ReadonlyMap<string, FileSize>;
  readonly checkpoint: CheckpointStatus;
  readonly totals: Readonly<Record<EventClass, number>>;
  readonly codes: Iterable<CodeTally>;
  readonly codesOmitted: number;
  /** Oldest first, as the ring buffer gives them. */
  readonly fatal: readonly FatalRecord[];
  /** Reload attempts, oldest first (none listed when absent). */
  readonly reloads?: readonly ReloadRecord[];
  readonly restartRequired?: readonly string[];
  readonly maxFiles?: number;
  readonly maxLineChars?: number;
  /** Grafana and Prometheus base URLs for the page's links. */
  readonly links?: { readonly grafana?: string; readonly prometheus?: string };
}

export const DEFAULT_MAX_FILES = 500;
const MAX_PATH_CHARS = 1024;
const MAX_PROBLEMS = 20;
const MAX_PROBLEM_CHARS = 400;
const CLASS_ORDER: Record<EventClass, number> = { fatal: 0, unknown: 1, retryable: 2, success: 3 };

export function buildStatus(input: StatusInput): StatusSnapshot {
  const files = fileRows(input);
  const maxFiles = input.maxFiles ?? DEFAULT_MAX_FILES;
  return {
    generatedAt: input.now,
    startedAt: input.startedAt,
    version: input.version,
    refreshMs: input.refreshMs,
    samples: input.samples,
    totals: { ...input.totals },
    knowledge: knowledgeStatus(input.load, input.reloads ?? [], input.restartRequired ?? []),
    inputs: input.inputs.map((i) => inputRow(i, input.activity.get(i.name), files)),
    files: files.slice(0, maxFiles),
    filesOmitted: Math.max(0, files.length - maxFiles),
    checkpoint: { ...input.checkpoint },
    codes: codeRows(input.codes, input.load.knowledge.catalog, input.samples, input.maxLineChars ?? 512),
    codesOmitted: input.codesOmitted,
    fatalEvents: input.fatal.map((r) => fatalRow(r, input.samples, input.maxLineChars ?? 512)).reverse(),
    links: { grafana: input.links?.grafana ?? null, prometheus: input.links?.prometheus ?? null },
  };
}

function fileRows(input: StatusInput): FileStatus[] {
  const rows = input.files.map(({ position: p, lastReadAt }): FileStatus => {
    const s = input.sizes.get(p.path);
    return {
      source: p.source,
      path: displayText(p.path, MAX_PATH_CHARS).text,
      offset: p.offset,
      line: p.line,
      size: s?.size ?? null,
      lag: s === undefined ? null : Math.max(0, s.size - p.offset),
      modifiedAt: s?.modifiedAt ?? null,
      lastReadAt,
    };
  });
  return rows.sort((a, b) => cmp(a.source, b.source) || cmp(a.path, b.path));
}

function inputRow(i: StatusInputConfig, a: SourceActivity | undefined, files: readonly FileStatus[]): InputStatus {
  let behind = 0;
  for (const f of files) if (f.source === i.name && f.lag !== null) behind += f.lag;
  return {
    name: i.name,
    kind: i.kind,
    include: i.include.map((g) => displayText(g, MAX_PATH_CHARS).text),
    filesOpen: a?.filesOpen ?? 0,
    linesRead: a?.linesRead ?? 0,
    bytesRead: a?.bytesRead ?? 0,
    bytesBehind: behind,
    lastReadAt: a?.lastReadAt ?? null,
    dropped: { truncated: 0, invalid_utf8: 0, read_error: 0, malformed: 0, ...a?.dropped },
    rotations: a?.rotations ?? 0,
  };
}

function codeRows(codes: Iterable<CodeTally>, catalog: CatalogIndex, samples: boolean, maxLineChars: number): CodeStatus[] {
  const rows: CodeStatus[] = [];
  for (const t of codes) {
    const entry = t.class === 'unknown' ? undefined : catalog.lookup(t.family, t.code);
    rows.push({
      family: t.family,
      code: displayText(t.code, 64).text,
      name: displayText(t.name, 128).text,
      class: t.class,
      count: t.count,
      firstSeenAt: t.firstSeenAt,
      lastSeenAt: t.lastSeenAt,
      firstLoggedAt: t.firstLoggedAt ?? null,
      lastLoggedAt: t.lastLoggedAt ?? null,
      sources: [...t.sources].sort(),
      recent: t.recent.toArray().map((r) => eventSample(r, samples, maxLineChars)).reverse(),
      message: entry ? preferEnglish(entry.message) : '',
      remedy: entry ? preferEnglish(entry.remedy) : '',
      ...(entry?.level !== undefined && { level: entry.level }),
    });
  }
  return rows.sort((a, b) => CLASS_ORDER[a.class] - CLASS_ORDER[b.class] || b.count - a.count || cmp(a.family, b.family) || cmp(a.code, b.code));
}

function eventSample(r: EventRecord, samples: boolean, maxLineChars: number): EventSample {
  const row: { -readonly [K in keyof EventSample]: EventSample[K] } = {
    at: r.at,
    timestamp: r.timestamp ?? null,
    source: r.source,
    path: displayText(r.path, MAX_PATH_CHARS).text,
    lineNo: r.lineNo,
  };
  if (r.pod !== undefined) row.pod = displayText(`${r.pod.namespace}/${r.pod.pod}/${r.pod.container}`, MAX_PATH_CHARS).text;
  if (samples && r.line !== undefined) {
    const shown = displayText(r.line, maxLineChars);
    row.line = shown.text;
    row.lineTruncated = shown.truncated;
  }
  return row;
}

function fatalRow(r: FatalRecord, samples: boolean, maxLineChars: number): FatalEventStatus {
  return { ...eventSample(r, samples, maxLineChars), family: r.family, code: displayText(r.code, 64).text, name: displayText(r.name, 128).text };
}

function knowledgeStatus(load: KnowledgeLoadState, reloads: readonly ReloadRecord[], restartRequired: readonly string[]): KnowledgeStatus {
  const { catalog, rules, version } = load.knowledge;
  const problems = load.lastLoad.problems;
  return {
    version,
    loadedAt: load.loadedAt,
    lastLoad: {
      ok: load.lastLoad.ok,
      at: load.lastLoad.at,
      problems: problems.slice(0, MAX_PROBLEMS).map((p) => displayText(p, MAX_PROBLEM_CHARS).text),
      problemsOmitted: Math.max(0, load.lastLoad.problemCount - Math.min(problems.length, MAX_PROBLEMS)),
    },
    reloads: { ...load.reloads },
    catalogs: catalog.families.map((f) => ({
      family: f.id, title: preferEnglish(f.title), version: f.version, entries: catalog.entries(f.id).length, file: f.file,
    })),
    rulesVersion: rules.version,
    ruleFiles: rules.files.map((f) => ({ file: f.file, family: f.family, rules: f.rules.length, version: f.version })),
    history: reloads.map((r) => ({
      at: r.at, kind: r.kind, trigger: r.trigger, ok: r.ok,
      problems: r.problems.map((p) => displayText(p, MAX_PROBLEM_CHARS).text),
      problemsOmitted: Math.max(0, r.problemCount - r.problems.length),
      notes: r.notes.map((n) => displayText(n, MAX_PROBLEM_CHARS).text),
    })).reverse(),
    restartRequired: restartRequired.map((r) => displayText(r, MAX_PROBLEM_CHARS).text),
  };
}

function preferEnglish(b: Bilingual): string {
  return b.en !== '' ? b.en : b.zh;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
