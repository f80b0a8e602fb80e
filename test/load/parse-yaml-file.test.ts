import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYamlText } from '../../src/load/parse-yaml-file.js';
import { formatLoadError } from '../../src/load/load-error.js';

const schema = z.strictObject({
  family: z.string().regex(/^[a-z-]+$/),
  entries: z.array(z.strictObject({ code: z.string(), class: z.enum(['retryable', 'fatal', 'success']) })),
});

describe('parseYamlText', () => {
  it('returns the value when the file is valid', () => {
    const r = parseYamlText('a.yaml', 'family: aclnn\nentries:\n  - code: "1"\n    class: fatal\n', schema);
    expect(r.errors).toEqual([]);
    expect(r.value).toEqual({ family: 'aclnn', entries: [{ code: '1', class: 'fatal' }] });
  });

  it('reports every schema problem at once with file:line:col', () => {
    const text = 'family: Bad_Id\nentries:\n  - code: "1"\n    class: maybe\n  - code: "2"\n    class: fatal\n    colour: red\n';
    const r = parseYamlText('c.yaml', text, schema);
    expect(r.value).toBeUndefined();
    expect(r.errors.map(formatLoadError)).toEqual([
      'c.yaml:1:9 Invalid string: must match pattern /^[a-z-]+$/ (at family)',
      'c.yaml:4:12 Invalid option: expected one of "retryable"|"fatal"|"success" (at entries.0.class)',
      'c.yaml:7:5 unknown field "colour" (at entries.1)',
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with positions', () => {
    const r = parseYamlText('d.yaml', 'family: a\nfamily: b\nentries: []\n', schema);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'd.yaml', line: 2, col: 1 });
    expect(r.errors[0]?.message).toMatch(/unique/i);
  });
});
