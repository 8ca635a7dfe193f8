/**
 * A fetched source tree -> catalogue entries, one per file that could be a template. Pure: the
 * caller reads the files (the worker, from its git cache) and hashes what `files` names.
 * One bad entry never stops the others.
 */
import { formatIssue } from '../templates/errors';
import { parseTemplateText, templateSizeProblem } from '../templates/parse';
import type { Template } from '../templates';
import { helperScriptsPaths, layoutProblem, parseCtScript } from './helper-scripts';
import { helperAppTemplate } from './helper-template';
import { listingOf, type AppListing } from './listing';
import { parseAppMetadata, type AppMetadata } from './metadata';

export type CatalogueKind = 'kiln' | 'helper-scripts';

export type CatalogueEntry =
  /** `files`: every file the template was made from (their content is the provenance hash). */
  | { path: string; status: 'template'; template: Template; files: string[] }
  /** `listing`: what the app page shows of it (its metadata and the files it was read from). */
  | { path: string; status: 'not-deployable'; name?: string; reason: string; listing: AppListing }
  | { path: string; status: 'error'; message: string };

/** Read access to one commit of a source: paths are relative, `/`-separated. */
export interface SourceTree {
  paths: readonly string[];
  read(path: string): string | undefined;
}

const KILN_FILE = /\.(ya?ml|json)$/i;

/** kiln/v1 files anywhere in the tree except hidden folders; validated exactly like an import. */
export function kilnEntries(tree: SourceTree): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  for (const path of tree.paths) {
    if (!KILN_FILE.test(path) || path.split('/').some((seg) => seg.startsWith('.'))) continue;
    const text = tree.read(path) ?? '';
    const tooBig = templateSizeProblem(text);
    if (tooBig) {
      out.push({ path, status: 'error', message: tooBig });
      continue;
    }
    const r = parseTemplateText(text);
    out.push(r.ok ? { path, status: 'template', template: r.template, files: [path] } : { path, status: 'error', message: r.errors.map(formatIssue).join('; ') });
  }
  return out;
}

/** The app's record of the metadata database when the sync read one, else its JSON file when the tree has one. */
function metadataFor(tree: SourceTree, slug: string): { metadata?: AppMetadata; file?: string; error?: string } {
  const fromDb = helperScriptsPaths.metadataDb(slug);
  const file = tree.read(fromDb) !== undefined ? fromDb : helperScriptsPaths.metadata(slug);
  const text = tree.read(file);
  if (text === undefined) return {};
  const r = parseAppMetadata(text);
  return r.ok ? { metadata: r.metadata, file } : { error: `${file}: ${r.error}` };
}

/** Every `ct/*.sh` (a candidate app) plus the `vm/`, `tools/`, `turnkey/` scripts (listed, not deployable). */
export function helperScriptsEntries(tree: SourceTree): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  for (const path of tree.paths) {
    const listed = layoutProblem(path);
    if (listed) {
      // A VM script or host tool names its APP and defaults like a ct script does (when it does).
      const ct = parseCtScript(tree.read(path) ?? '');
      const script = ct.ok ? ct.script : undefined;
      out.push({ path, status: 'not-deployable', name: script?.app, reason: listed, listing: listingOf({ path, ct: script, files: [path] }) });
      continue;
    }
    if (!/^ct\/[^/]+\.sh$/.test(path)) continue;
    const ct = parseCtScript(tree.read(path) ?? '');
    if (!ct.ok) {
      out.push({ path, status: 'error', message: ct.error });
      continue;
    }
    const { nsapp, app } = ct.script;
    const installPath = helperScriptsPaths.install(nsapp);
    const installText = tree.read(installPath);
    if (installText === undefined) {
      out.push({ path, status: 'error', message: `${installPath} is missing (APP="${app}")` });
      continue;
    }
    const functionsPath = helperScriptsPaths.functions(ct.script.vars.os ?? 'debian');
    const functionsText = tree.read(functionsPath);
    if (functionsText === undefined) {
      out.push({ path, status: 'error', message: `${functionsPath} is missing: the install script sources it` });
      continue;
    }
    const slug = path.slice('ct/'.length, -'.sh'.length);
    const meta = metadataFor(tree, slug);
    if (meta.error) {
      out.push({ path, status: 'error', message: meta.error });
      continue;
    }
    const r = helperAppTemplate({ ct: ct.script, ctPath: path, slug, installText, functionsText, metadata: meta.metadata });
    if (r.ok) out.push({ path, status: 'template', template: r.template, files: [path, installPath, functionsPath, ...(meta.file ? [meta.file] : [])] });
    else if (r.notDeployable) {
      const files = [path, installPath, ...(meta.file ? [meta.file] : [])];
      out.push({ path, status: 'not-deployable', name: app, reason: r.reason, listing: listingOf({ path, ct: ct.script, metadata: meta.metadata, files }) });
    } else out.push({ path, status: 'error', message: r.reason });
  }
  return out;
}

export function catalogueEntries(kind: CatalogueKind, tree: SourceTree): CatalogueEntry[] {
  return kind === 'kiln' ? kilnEntries(tree) : helperScriptsEntries(tree);
}
