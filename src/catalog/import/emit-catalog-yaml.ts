// Writes a generated catalog as YAML, deterministically: fixed key order, codes and texts always
// double-quoted (JSON string syntax, which YAML accepts), so the same input gives the same bytes.
import type { Bilingual } from '../catalog-types.js';
import type { GeneratedCatalog, GeneratedEntry } from './merge-overlay.js';

/** The catalog as YAML text, starting with `header` as a comment line. */
export function emitCatalogYaml(catalog: GeneratedCatalog, header: string): string {
  const out: string[] = [`# ${header.replace(/\s*\n\s*/g, ' ')}`];
  out.push(`family: ${word(catalog.family)}`);
  out.push(`title: ${flowBilingual(catalog.title)}`);
  out.push(`seed: ${word(catalog.seed)}`);
  out.push(catalog.entries.length === 0 ? 'entries: []' : 'entries:');
  for (const e of catalog.entries) out.push(...entryLines(e));
  return `${out.join('\n')}\n`;
}

function entryLines(e: GeneratedEntry): string[] {
  const lines = [`  - code: ${quote(e.code)}`];
  const field = (key: string, value: string): void => {
    lines.push(`    ${key}: ${value}`);
  };
  if (e.name !== '') field('name', word(e.name));
  if (e.range) field('range', `{from: ${e.range.from}, to: ${e.range.to}}`);
  if (e.aliases.length > 0) field('aliases', `[${e.aliases.map(quote).join(', ')}]`);
  if (e.recoverable !== undefined) field('recoverable', String(e.recoverable));
  if (e.http_status !== undefined) field('http_status', String(e.http_status));
  for (const part of ['message', 'cause', 'remedy'] as const) {
    const text = e[part];
    if (text === undefined) continue;
    lines.push(`    ${part}:`, `      en: ${quote(text.en)}`, `      zh: ${quote(text.zh)}`);
  }
  field('class', e.class);
  field('class_basis', e.class_basis);
  field('class_reason', quote(e.class_reason));
  if (e.contexts.length > 0) {
    lines.push('    contexts:');
    for (const c of e.contexts) {
      const when = Object.entries(c.when).map(([label, values]) => `${word(label)}: [${values.map(quote).join(', ')}]`);
      lines.push(`      - when: {${when.join(', ')}}`, `        class: ${c.class}`, `        reason: ${quote(c.reason)}`);
    }
  }
  if (e.level !== undefined) field('level', e.level);
  if (e.escalate !== undefined) {
    const x = e.escalate;
    const level = x.level === undefined ? '' : `, level: ${x.level}`;
    field('escalate', `{count: ${x.count}, within: ${x.within}, severity: ${x.severity}${level}, reason: ${quote(x.reason)}}`);
  }
  field('source', quote(e.source));
  return lines;
}

function flowBilingual(t: Bilingual): string {
  return `{en: ${quote(t.en)}, zh: ${quote(t.zh)}}`;
}

/** A double-quoted YAML scalar; JSON's escapes are a subset of YAML's. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** A plain scalar when it is an identifier-like word YAML cannot mistake for anything else, otherwise quoted. */
function word(text: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(text) && !/^(?:true|false|yes|no|on|off|null|y|n)$/i.test(text);
  return plain ? text : quote(text);
}
