// Makes the component a validated config section names by its `type` (component-registry.ts).
import type { ComponentConfig } from './component-config.js';
import { SINK_TYPES, SOURCE_TYPES } from './component-registry.js';
import type { ComponentContext, Sink, Source } from './components.js';

export function createSource(config: ComponentConfig, ctx: ComponentContext): Source {
  const type = SOURCE_TYPES.get(config.type);
  if (type === undefined) throw new Error(`createSource: no source type "${config.type}" is registered`);
  return type.create(config as never, ctx);
}

export function createSink(config: ComponentConfig, ctx: ComponentContext): Sink {
  const type = SINK_TYPES.get(config.type);
  if (type === undefined) throw new Error(`createSink: no sink type "${config.type}" is registered`);
  return type.create(config as never, ctx);
}
