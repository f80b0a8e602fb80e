// The `sources:` and `sinks:` sections of the run config: a list of sections, each validated by the schema
// of the component its `type` names (component-registry.ts), so every problem keeps its file:line:col.
import { z } from 'zod';
import type { ComponentType } from './components.js';
import { SINK_TYPES, SOURCE_TYPES } from './component-registry.js';

/** One component's validated config section; which fields it has is its own type's business. */
export interface ComponentConfig {
  readonly type: string;
  readonly [key: string]: unknown;
}

function componentListSchema(kind: 'source' | 'sink', types: ReadonlyMap<string, ComponentType<never, unknown>>): z.ZodType<readonly ComponentConfig[]> {
  const known = [...types.keys()].join(', ');
  return z.array(z.unknown()).transform((list, ctx) => {
    const out: ComponentConfig[] = [];
    list.forEach((section, i) => {
      const type = typeof section === 'object' && section !== null ? (section as { type?: unknown }).type : undefined;
      const componentType = typeof type === 'string' ? types.get(type) : undefined;
      if (componentType === undefined) {
        const message = typeof type === 'string' ? `unknown ${kind} type "${type}" (known: ${known})` : `a ${kind} needs a type (one of: ${known})`;
        ctx.addIssue({ code: 'custom', message, path: typeof type === 'string' ? [i, 'type'] : [i] });
        return;
      }
      const parsed = componentType.schema.safeParse(section);
      if (parsed.success) out.push(parsed.data as ComponentConfig);
      else for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [i, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
    });
    return out;
  });
}

export const sourcesConfigSchema = componentListSchema('source', SOURCE_TYPES);
export const sinksConfigSchema = componentListSchema('sink', SINK_TYPES);

/** The name a section gives its component (the `source` label of a source). */
export function componentName(types: ReadonlyMap<string, ComponentType<never, unknown>>, config: ComponentConfig): string {
  const type = types.get(config.type);
  if (type === undefined) throw new Error(`componentName: no component type "${config.type}" is registered`);
  return type.nameOf(config as never);
}
