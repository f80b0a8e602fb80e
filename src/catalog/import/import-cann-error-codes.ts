// Turns the message catalog every CANN installation carries (<toolkit>/conf/error_manager/error_code.json) into
// the cann-errmsg catalog: the vendor's own text for every code it lists, read from the operator's file at run
// time (never copied into this repository), with the bundled catalog's class where we decided one and CANN's
// numbering (x9999 inner, lower user or environment) elsewhere. Bundled codes the file lacks are kept.
import { basename } from 'node:path';
import { z } from 'zod';
import type { CatalogEntry } from '../catalog-types.js';
import { LoadErrors } from '../../load/load-error.js';
import type { LoadError } from '../../load/load-error.js';
import { emitCatalogYaml } from './emit-catalog-yaml.js';
import type { GeneratedEntry } from './merge-overlay.js';
import { describeJsonPath, fromBundled, readVendorJson } from './read-vendor-json.js';

export const CANN_ERRMSG_FAMILY = 'cann-errmsg';
/** The family's code shape: `E`, a module character, four digits. */
export const CANN_ERRMSG_CODE = /^E[A-Z0-9]\d{4}$/;

const text = z.string().trim();
const itemSchema = z.looseObject({
  ErrCode: z.string().regex(CANN_ERRMSG_CODE, 'ErrCode is E, a module character and four digits, e.g. EZ9999'),
  errTitle: text.optional(),
  ErrMessage: text.min(1, 'ErrMessage must not be empty'),
  Arglist: z.string().optional(),
  suggestion: z.looseObject({ 'Possible Cause': text.optional(), Solution: text.optional() }).optional(),
});
const fileSchema = z.looseObject({ error_info_list: z.array(z.unknown()) });

/** What CANN's numbering says about a code the bundled catalog does not classify. */
export function classOfCannCode(code: string): Pick<GeneratedEntry, 'class' | 'class_basis' | 'class_reason'> {
  if (/9999$/.test(code) || /^EZ99/.test(code)) {
    return { class: 'fatal', class_basis: 'remedy', class_reason: "By CANN's numbering an x9999 code is the module's inner error: read the detail lines after it, else collect logs and contact support." };
  }
  return { class: 'fatal', class_basis: 'policy', class_reason: "By CANN's numbering a code below x9000 is a user or environment error: the input, configuration or environment must change." };
}

/** `%s` placeholders shown as `<arg>` with the Arglist's names, so the message reads as a template. */
function template(message: string, args: string | undefined): string {
  const names = (args ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
  let i = 0;
  return message.replace(/%s/g, () => `<${names[i++] ?? 'value'}>`);
}

const vendorText = (s: string | undefined): string | undefined => (s === undefined || s === '' || /^n\/?a$/i.test(s) ? undefined : s);

/** errTitle as CANN writes it (`Invalid_Argument`, `Notify_Wait_Timeout`) is the entry's symbolic name. */
const SYMBOLIC_TITLE = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$/;

/**
 * The cann-errmsg catalog YAML for `files` (error_code.json of each CANN component), merged over `bundled` (the
 * shipped cann-errmsg entries), and notes on what the import did not take: a code a second file (or the same
 * file) defines again keeps its first definition. Throws LoadErrors naming the file and item of every problem.
 */
export function importCannErrorCodes(files: readonly string[], bundled: readonly CatalogEntry[]): { yaml: string; notes: string[] } {
  const errors: LoadError[] = [];
  const notes: string[] = [];
  /** Where each code was first defined in this import: `file error_info_list[i]`. */
  const definedAt = new Map<string, string>();
  const byCode = new Map<string, GeneratedEntry>();
  const ours = new Map(bundled.map((e) => [e.code, e] as const));
  for (const e of bundled) byCode.set(e.code, fromBundled(e));
  for (const file of files) {
    const json = readVendorJson(file, z.unknown());
    errors.push(...json.errors);
    if (json.value === undefined) continue;
    const parsed = fileSchema.safeParse(json.value);
    if (!parsed.success) {
      errors.push(json.at([], 'expected {"error_info_list": [...]}, the layout of conf/error_manager/error_code.json'));
      continue;
    }
    parsed.data.error_info_list.forEach((raw, i) => {
      const item = itemSchema.safeParse(raw);
      if (!item.success) {
        for (const issue of item.error.issues) {
          const path = ['error_info_list', i, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
          errors.push(json.at(path, `${describeJsonPath(path)}: ${issue.message}`));
        }
        return;
      }
      const v = item.data;
      const here = `${basename(file)} error_info_list[${i}]`;
      const first = definedAt.get(v.ErrCode);
      if (first !== undefined) {
        notes.push(`${v.ErrCode} is defined again at ${here}: kept its first definition, at ${first}.`);
        return;
      }
      definedAt.set(v.ErrCode, here);
      const message = [vendorText(v.errTitle), template(v.ErrMessage, v.Arglist)].filter((t) => t !== undefined).join(': ');
      const cause = vendorText(v.suggestion?.['Possible Cause']);
      const solution = vendorText(v.suggestion?.Solution);
      const known = ours.get(v.ErrCode);
      const previous = byCode.get(v.ErrCode);
      // The file is English; the Chinese side keeps our text where we have one, else shows the vendor's English.
      byCode.set(v.ErrCode, {
        code: v.ErrCode,
        name: previous?.name || (v.errTitle !== undefined && SYMBOLIC_TITLE.test(v.errTitle) ? v.errTitle : ''),
        aliases: [],
        message: { en: message, zh: known?.message.zh ?? message },
        ...(cause !== undefined ? { cause: { en: cause, zh: known?.cause?.zh ?? cause } } : previous?.cause !== undefined ? { cause: previous.cause } : {}),
        remedy: solution !== undefined ? { en: solution, zh: known?.remedy.zh ?? solution } : (previous?.remedy ?? { en: 'Read the message and the lines after it in the plog.', zh: '查看该消息及plog中其后的日志。' }),
        ...(known !== undefined ? { class: known.class, class_basis: known.classBasis, class_reason: known.classReason } : classOfCannCode(v.ErrCode)),
        contexts: [],
        source: `seed:${basename(file)}`,
      });
    });
  }
  if (errors.length > 0) throw new LoadErrors(errors);
  const entries = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const header = `Generated by \`errcode-exporter catalog import-cann\` from ${files.map((f) => basename(f)).join(', ')} and the bundled cann-errmsg catalog. Regenerate after a CANN upgrade.`;
  const yaml = emitCatalogYaml({ family: CANN_ERRMSG_FAMILY, title: { en: 'CANN error-message codes (from this installation)', zh: 'CANN错误信息码（来自本机安装）' }, seed: files.map((f) => basename(f)).join(','), entries }, header);
  return { yaml, notes };
}
