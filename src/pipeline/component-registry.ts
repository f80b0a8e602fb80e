// Every kind of source and sink a config can name, keyed by its `type`. Adding one is its own file plus
// one line here; the config schema, validation with positions and the topology follow from this table.
import { execSourceType } from '../sources/exec/exec-source.js';
import { webhookSinkType } from '../sinks/webhook/webhook-sink.js';
import type { SinkType, SourceType } from './components.js';

// `never` keeps each entry's own config type; the schema decides which one a config section is.
export const SOURCE_TYPES: ReadonlyMap<string, SourceType<never>> = new Map<string, SourceType<never>>([
  [execSourceType.type, execSourceType as SourceType<never>],
]);

export const SINK_TYPES: ReadonlyMap<string, SinkType<never>> = new Map<string, SinkType<never>>([
  [webhookSinkType.type, webhookSinkType as SinkType<never>],
]);
