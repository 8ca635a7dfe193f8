/**
 * The built-in catalogue: the YAML files in packages/core/templates, read and validated.
 * Node-only (reads files); import it from `@kiln/core/templates/catalogue`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TemplateValidationError } from './errors';
import { parseTemplateText } from './parse';
import type { Template } from './schema/template';

/**
 * packages/core/templates, next to this package's src. Plain path arithmetic (not
 * `new URL(..., import.meta.url)`), which bundlers would try to resolve as an asset; bundled
 * callers pass the directory explicitly.
 */
export const BUILTIN_TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

const TEMPLATE_FILE = /\.(ya?ml|json)$/;

/** Read and validate one template file; throws TemplateValidationError naming the file. */
export function loadTemplateFile(file: string): Template {
  const text = fs.readFileSync(file, 'utf8');
  const r = parseTemplateText(text, { format: file.endsWith('.json') ? 'json' : 'yaml' });
  if (!r.ok) throw new TemplateValidationError(r.errors, `${path.basename(file)} is not a valid template`);
  return r.template;
}

/**
 * Every template of the catalogue, sorted by slug. Throws on the first invalid file (with its
 * name and the path of the error: `redis.yaml: steps[2].run: required`) and on duplicate slugs.
 */
export function loadBuiltinTemplates(dir: string = BUILTIN_TEMPLATES_DIR): Template[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => TEMPLATE_FILE.test(f))
    .sort();
  const bySlug = new Map<string, string>();
  const out: Template[] = [];
  for (const f of files) {
    const t = loadTemplateFile(path.join(dir, f));
    const other = bySlug.get(t.slug);
    if (other) {
      throw new TemplateValidationError([{ path: 'slug', message: `"${t.slug}" is also the slug of ${other}` }], `${f} is not a valid template`);
    }
    bySlug.set(t.slug, f);
    out.push(t);
  }
  return out.sort((a, b) => a.slug.localeCompare(b.slug));
}
