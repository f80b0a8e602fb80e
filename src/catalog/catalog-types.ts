// The shape of loaded catalog knowledge, shared by the loader, the lookups, the transforms and the sinks.
// A loaded catalog is frozen: nothing downstream may change it; a reload builds a new one.
import type { FAULT_LEVELS } from './catalog-schema.js';
import type { CodeClass } from '../types.js';

/** A MindCluster fault handling level (catalog-schema.ts FAULT_LEVELS). */
export type FaultLevel = (typeof FAULT_LEVELS)[number];

/** Repetition that makes a code page-worthy: `count` events within `within` (a Prometheus duration) on one source. */
export interface Escalation {
  readonly count: number;
  readonly within: string;
  readonly severity: 'page' | 'ticket';
  /** The handling level the repetition reaches (MindCluster's FaultHandling), when it names one. */
  readonly level?: FaultLevel;
  readonly reason: string;
}

/** Text in both languages. `zh` is the vendor's Chinese; `en` the vendor's English or a faithful translation. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/** Why an entry has its class. */
export type ClassBasis = 'vendor' | 'remedy' | 'policy';

/** A class that applies instead of the entry's own when a rule captured matching context. */
export interface ContextClass {
  /** Captured label values that trigger this class, e.g. `{ api: ['PullKvCache', 'PullKvBlocks'] }`. */
  readonly when: Readonly<Record<string, readonly string[]>>;
  readonly class: CodeClass;
  readonly reason: string;
}

export interface CatalogEntry {
  readonly family: string;
  /** Canonical spelling: decimal for aclnn/core-vision/speech-sdk, `0x5010B001` for llm-datadist, `AIS.0014` for huawei-cloud, `561xxx` for a range. */
  readonly code: string;
  /** Vendor symbolic name, or '' where the vendor gives none. */
  readonly name: string;
  /** Other spellings seen in real logs (decimal forms, enum names, `APIGW.` for `APIG.`). */
  readonly aliases: readonly string[];
  /** For range entries: the inclusive numeric bounds. Exact entries inside a range win over it. */
  readonly range?: { readonly from: number; readonly to: number };
  /** huawei-cloud: the HTTP status the API answers with. */
  readonly httpStatus?: number;
  /** llm-datadist: the vendor's own recoverable column. */
  readonly recoverable?: boolean;
  readonly message: Bilingual;
  readonly cause?: Bilingual;
  readonly remedy: Bilingual;
  readonly class: CodeClass;
  readonly classBasis: ClassBasis;
  readonly classReason: string;
  readonly contexts: readonly ContextClass[];
  /** npu-fault: MindCluster's handling level for the fault (faultCode.json). */
  readonly level?: FaultLevel;
  /** A repetition threshold that generated alert rules turn into an alert (catalog alert-rules). */
  readonly escalate?: Escalation;
  /** Where the entry came from: `seed:000_0f35586de87fbe0e.txt` or `doc:<public vendor document>`. */
  readonly source: string;
}

/** Per-family metadata from the catalog file header. */
export interface CatalogFamily {
  readonly id: string;
  readonly title: Bilingual;
  /** The seed file the family was imported from. */
  readonly seed: string;
  /** The catalog file it was loaded from. */
  readonly file: string;
  /** A short content hash of the file, shown as the catalog version on /metrics and the status page. */
  readonly version: string;
}

/**
 * The loaded, frozen, indexed catalogs. Lookups accept any spelling: canonical code, alias,
 * name, and numeric value in hex or decimal (`0x5010b001` and `1343270913` find the same entry).
 */
export interface CatalogIndex {
  readonly families: readonly CatalogFamily[];
  /** Every entry, in file order; with `family`, that family's only. */
  entries(family?: string): readonly CatalogEntry[];
  /** The entry for `spelling` in `family`: exact code, alias or name first, then numeric value, then a containing range. */
  lookup(family: string, spelling: string): CatalogEntry | undefined;
  /** Every entry, across families, that `spelling` resolves to (for `explain` without `--family`). */
  find(spelling: string): readonly CatalogEntry[];
}
