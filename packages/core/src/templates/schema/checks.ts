/**
 * Cross-field checks of a template: unique names, defaults that pass their own validation,
 * `{{ }}` references to things that exist, secrets only where they travel on stdin, and literal
 * package/unit names and paths that are valid before anything runs.
 */
import type { z } from 'zod';
import { isLiteral, parseText } from '../expressions';
import { CONTAINER_VARIABLES, templateTextFields, type FieldPath } from '../fields';
import { DEBIAN_PACKAGE, DEBIAN_PACKAGE_MESSAGE, UNIT_NAME, UNIT_NAME_MESSAGE } from '../names';
import { paramValueSchema } from '../params';
import { patternProblem } from '../pattern';
import { closest } from './suggest';
import type { Step } from './steps';
import type { templateObjectSchema } from './shape';

type TemplateShape = z.infer<typeof templateObjectSchema>;

export function checkTemplate(t: TemplateShape, ctx: z.RefinementCtx): void {
  const issue = (path: FieldPath, message: string) => ctx.addIssue({ code: 'custom', path, message });
  checkParams(t, issue);
  checkStepIds(t.steps, 'steps', issue);
  checkStepIds(t.update, 'update', issue);
  checkReferences(t, issue);
  checkLiterals(t.steps, 'steps', issue);
  checkLiterals(t.update, 'update', issue);
  checkAppVersion(t, issue);
}

type Report = (path: FieldPath, message: string) => void;

function checkParams(t: TemplateShape, issue: Report): void {
  const seen = new Set<string>();
  for (const [i, p] of t.params.entries()) {
    if (seen.has(p.name)) issue(['params', i, 'name'], `duplicate parameter name "${p.name}"`);
    seen.add(p.name);
    const v = 'validation' in p ? p.validation : undefined;
    if (v && 'min' in v && 'max' in v && v.min !== undefined && v.max !== undefined && v.min > v.max) {
      issue(['params', i, 'validation', 'max'], 'must not be less than min');
    }
    if (p.type !== 'secret' && p.default !== undefined) {
      const r = paramValueSchema(p).safeParse(p.default);
      if (!r.success) issue(['params', i, 'default'], r.error.issues[0]?.message ?? 'is not valid');
    }
  }
}

function checkStepIds(steps: readonly Step[], prefix: string, issue: Report): void {
  const seen = new Set<string>();
  for (const [i, s] of steps.entries()) {
    if (seen.has(s.id)) issue([prefix, i, 'id'], `duplicate step id "${s.id}"`);
    seen.add(s.id);
  }
}

function checkReferences(t: TemplateShape, issue: Report): void {
  const secrets = new Set(t.params.filter((p) => p.type === 'secret').map((p) => `params.${p.name}`));
  const known = [...CONTAINER_VARIABLES, ...t.params.map((p) => `params.${p.name}`)];
  for (const field of templateTextFields(t)) {
    const { segments, errors } = parseText(field.text);
    for (const e of errors) issue(field.path, e);
    for (const s of segments) {
      if (s.kind !== 'expr') continue;
      const v = s.expr.variable;
      if (!known.includes(v)) {
        const hint = closest(v, known);
        issue(field.path, `unknown variable {{ ${v} }}${hint ? ` (did you mean {{ ${hint} }}?)` : ''}`);
      } else if (secrets.has(v) && !field.secretsAllowed) {
        issue(field.path, `the secret {{ ${v} }} cannot be used here: secrets may only appear in a script's run or a file's content`);
      }
    }
  }
  // A file holding a secret must not be readable by every user of the container.
  const check = (steps: readonly Step[], prefix: string) => {
    for (const [i, s] of steps.entries()) {
      if (s.type !== 'file') continue;
      const usesSecret = parseText(s.content).segments.some((seg) => seg.kind === 'expr' && secrets.has(seg.expr.variable));
      if (usesSecret && (parseInt(s.mode, 8) & 0o004) !== 0) {
        issue([prefix, i, 'mode'], `${s.mode} lets every user read this file, which holds a secret: use 0600 or 0640`);
      }
    }
  };
  check(t.steps, 'steps');
  check(t.update, 'update');
}

/** Values without `{{ }}` can be checked now; templated ones are checked when rendered. */
function checkLiterals(steps: readonly Step[], prefix: string, issue: Report): void {
  for (const [i, s] of steps.entries()) {
    if (s.type === 'packages') {
      for (const [j, name] of s.packages.entries()) {
        if (isLiteral(name) && !DEBIAN_PACKAGE.test(name)) issue([prefix, i, 'packages', j], `"${name}" ${DEBIAN_PACKAGE_MESSAGE}`);
      }
    } else if (s.type === 'service' && isLiteral(s.name) && !UNIT_NAME.test(s.name)) {
      issue([prefix, i, 'name'], `"${s.name}" ${UNIT_NAME_MESSAGE}`);
    } else if (s.type === 'file' && isLiteral(s.path)) {
      const problem = pathProblem(s.path);
      if (problem) issue([prefix, i, 'path'], problem);
    }
  }
}

/** appVersion commands are fixed text (they run without the container's params) and `match` must compile. */
function checkAppVersion(t: TemplateShape, issue: Report): void {
  const a = t.appVersion;
  if (!a) return;
  const fixed = 'must be fixed text: {{ }} is not available here (the check runs without the container’s params)';
  for (const which of ['installed', 'latest'] as const) {
    const c = a[which];
    if (typeof c.command === 'string') {
      if (c.command.includes('{{')) issue(['appVersion', which, 'command'], fixed);
    } else {
      for (const [j, word] of c.command.entries()) if (word.includes('{{')) issue(['appVersion', which, 'command', j], fixed);
    }
    const problem = c.match === undefined ? undefined : patternProblem(c.match);
    if (problem) issue(['appVersion', which, 'match'], problem);
  }
}

/** Why a file path cannot be written, or undefined when it is fine. */
export function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'must be an absolute path (starting with /)';
  if (path.endsWith('/')) return 'must name a file, not a directory';
  if (/[\0\n\r]/.test(path)) return 'must not contain control characters';
  if (path.split('/').some((seg) => seg === '..' || seg === '.')) return 'must not contain . or .. segments';
  return undefined;
}
