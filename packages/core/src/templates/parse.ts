/**
 * Template files: parse YAML or JSON text into a validated template, with every problem located
 * by path and, when possible, line and column; and write a template back out (round-trips).
 */
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { formatPath, type TemplateIssue } from './errors';
import { locateJsonError } from './json-locate';
import type { Template } from './schema/template';
import { validateTemplateLocated, type LocatedIssue } from './validate';
import { aliasProblem } from './yaml-aliases';

export type TemplateFormat = 'yaml' | 'json';
export type ParseResult = { ok: true; template: Template } | { ok: false; errors: TemplateIssue[] };

/** Templates are small; a bigger upload is a mistake (or an attack on the parser). */
export const MAX_TEMPLATE_BYTES = 512 * 1024;

/** Why a template file is too large to read, or undefined. Counts UTF-8 bytes, as the file has. */
export function templateSizeProblem(text: string): string | undefined {
  const limit = `a template file may be at most ${MAX_TEMPLATE_BYTES / 1024} KiB`;
  // UTF-8 never has fewer bytes than UTF-16 has units: no need to encode a huge string.
  if (text.length > MAX_TEMPLATE_BYTES) return `the file is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB: ${limit}`;
  const bytes = new TextEncoder().encode(text).length;
  return bytes > MAX_TEMPLATE_BYTES ? `the file is ${Math.ceil(bytes / 1024)} KiB: ${limit}` : undefined;
}

/** JSON when the text starts with `{`, YAML otherwise (YAML would read most JSON too). */
export function detectFormat(text: string): TemplateFormat {
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function positionOf(lc: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

/**
 * Where a path points in the document: the key of the last field found (so `steps[2].run:
 * required` points at step 2 when `run` is missing).
 */
function locate(doc: Document.Parsed, lc: LineCounter, segments: readonly PropertyKey[]): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : positionOf(lc, offset);
}

function locatedIssues(issues: LocatedIssue[], doc: Document.Parsed | undefined, lc: LineCounter): TemplateIssue[] {
  const out = issues.map((i): TemplateIssue => ({ path: formatPath(i.segments), message: i.message, ...(doc ? locate(doc, lc, i.segments) : {}) }));
  // In source order, so an editor can walk them top to bottom.
  return out
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.column ?? 0) - (b.issue.column ?? 0) || a.index - b.index)
    .map((x) => x.issue);
}

function parseYaml(text: string): { data: unknown; doc: Document.Parsed; lc: LineCounter } | { errors: TemplateIssue[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      errors: doc.errors.map((e) => {
        const at = positionOf(lc, e.pos[0]);
        return { path: '', message: `YAML syntax error at line ${at.line}, column ${at.column}: ${e.message}`, ...at };
      }),
    };
  }
  // Aliases are counted here, with the line of the one that goes over; yaml's own guard would
  // only throw a generic error.
  const aliases = aliasProblem(doc);
  if (aliases) return { errors: [{ path: '', message: aliases.message, ...positionOf(lc, aliases.offset) }] };
  try {
    return { data: doc.toJS({ maxAliasCount: -1 }), doc, lc };
  } catch (e) {
    return { errors: [{ path: '', message: `the YAML could not be read: ${e instanceof Error ? e.message.slice(0, 200) : 'unknown error'}` }] };
  }
}

function parseJson(text: string): { data: unknown; doc?: Document.Parsed; lc: LineCounter } | { errors: TemplateIssue[] } {
  const lc = new LineCounter();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const problem = locateJsonError(text);
    if (!problem) return { errors: [{ path: '', message: `JSON syntax error: ${e instanceof SyntaxError ? e.message.slice(0, 120) : 'invalid JSON'}` }] };
    const before = text.slice(0, problem.offset);
    const at = { line: before.split('\n').length, column: problem.offset - before.lastIndexOf('\n') };
    return { errors: [{ path: '', message: `JSON syntax error at line ${at.line}, column ${at.column}: ${problem.message}`, ...at }] };
  }
  // JSON is YAML's flow style: parse it again only to learn where each field sits.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  return { data, doc: doc.errors.length ? undefined : doc, lc };
}

/** Parse and validate a template file's text. Never throws for bad input. */
export function parseTemplateText(text: string, options: { format?: TemplateFormat } = {}): ParseResult {
  const tooLarge = templateSizeProblem(text);
  if (tooLarge) return { ok: false, errors: [{ path: '', message: tooLarge }] };
  const format = options.format ?? detectFormat(text);
  const parsed = format === 'json' ? parseJson(text) : parseYaml(text);
  if ('errors' in parsed) return { ok: false, errors: parsed.errors };
  if (parsed.data === null || parsed.data === undefined) return { ok: false, errors: [{ path: '', message: 'the file is empty' }] };
  const r = validateTemplateLocated(parsed.data);
  if (r.ok) return r;
  return { ok: false, errors: locatedIssues(r.issues, parsed.doc, parsed.lc) };
}

/** Write a template as YAML (scripts as `|` blocks) or JSON; parseTemplateText reads it back equal. */
export function serializeTemplate(template: Template, format: TemplateFormat): string {
  // Drop undefined fields so both formats carry the same keys.
  const plain = JSON.parse(JSON.stringify(template)) as unknown;
  if (format === 'json') return `${JSON.stringify(plain, null, 2)}\n`;
  return new Document(plain).toString({ lineWidth: 0, blockQuote: 'literal' });
}
