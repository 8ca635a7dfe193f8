import { ValidationError } from '../errors';

/** One problem in a template, located by a path like `steps[2].run` (and a position when known). */
export interface TemplateIssue {
  path: string;
  message: string;
  /** 1-based, present when the template came from text. */
  line?: number;
  column?: number;
}

/** `['steps', 2, 'run']` -> `steps[2].run`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** `steps[2].run: required`, or just the message for document-level problems. */
export function formatIssue(issue: TemplateIssue): string {
  const where = issue.line !== undefined ? ` (line ${issue.line}${issue.column !== undefined ? `, column ${issue.column}` : ''})` : '';
  return issue.path ? `${issue.path}: ${issue.message}${where}` : `${issue.message}${where}`;
}

/** A template that does not validate. `issues` carries every problem, with paths. */
export class TemplateValidationError extends ValidationError {
  readonly issues: TemplateIssue[];
  constructor(issues: TemplateIssue[], prefix = 'The template is not valid') {
    const first = issues.slice(0, 3).map(formatIssue).join('; ');
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    super(`${prefix}: ${first}${more}`, Object.fromEntries(issues.map((i) => [i.path, i.message])));
    this.issues = issues;
  }
}

/** Text used variables that the context does not provide. Names only: values never appear here. */
export class InterpolationError extends ValidationError {
  readonly variables: string[];
  constructor(variables: string[], detail?: string) {
    const list = variables.map((v) => `{{ ${v} }}`).join(', ');
    super(detail ?? `Unknown variable${variables.length === 1 ? '' : 's'}: ${list}`);
    this.variables = variables;
  }
}

/** A value that became invalid only once interpolated (e.g. a package name built from a param). */
export class RenderError extends ValidationError {}
