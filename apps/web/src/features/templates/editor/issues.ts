/**
 * Where a template issue (`steps[2].packages[1]: ...`) is shown in the editor: the form field
 * that holds that part of the document. Issues keep their document path in the message, so the
 * user sees exactly what the file format would report.
 */
import { formatIssue, validateTemplate, type TemplateIssue } from '@kiln/core/templates';
import { toDocument, type TemplateForm } from './form-model';

/** `steps[2].run` -> ['steps', 2, 'run'] */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

const NETWORK: Record<string, string> = { ipv4: 'ipv4Mode', 'ipv4.cidr': 'ipv4Cidr', 'ipv4.gateway': 'ipv4Gateway', ipv6: 'ipv6Mode', 'ipv6.cidr': 'ipv6Cidr', 'ipv6.gateway': 'ipv6Gateway' };
const PARAM: Record<string, string> = {
  'validation.min': 'min',
  'validation.max': 'max',
  'validation.pattern': 'pattern',
  'validation.message': 'message',
  'validation.integer': 'integer',
  'validation.options': 'options',
  validation: 'type',
  'generate.length': 'genLength',
  'generate.charset': 'genCharset',
  generate: 'genLength',
};

/** The editor field (react-hook-form name) that shows an issue at `path`. */
export function fieldFor(path: string, form: Pick<TemplateForm, 'healthcheck'>): string {
  const seg = parsePath(path);
  const [head, a, b, ...rest] = seg;
  const tail = (from: (string | number)[]) => from.filter((s) => typeof s === 'string').join('.');
  switch (head) {
    case undefined:
      return '';
    case 'tags':
      return 'tags';
    case 'os':
      return a === undefined ? 'os.distribution' : `os.${String(a)}`;
    case 'defaults': {
      if (a === 'network') {
        if (b === undefined) return 'defaults.network.bridge';
        const key = tail([b, ...rest]);
        return `defaults.network.${NETWORK[key] ?? String(b)}`;
      }
      if (a === 'dns') return b === 'searchdomain' ? 'defaults.dns.searchdomain' : 'defaults.dns.nameservers';
      if (a === 'features') return b === undefined ? 'defaults.features.nesting' : `defaults.features.${String(b)}`;
      return a === undefined ? 'defaults.cores' : `defaults.${String(a)}`;
    }
    case 'params': {
      if (typeof a !== 'number') return 'params';
      const key = tail([b ?? '', ...rest].filter((s) => s !== ''));
      if (key === '') return `params.${a}.type`;
      return `params.${a}.${PARAM[key] ?? String(b)}`;
    }
    case 'steps':
    case 'update': {
      if (typeof a !== 'number') return head;
      if (b === undefined) return `${head}.${a}.type`;
      return `${head}.${a}.${String(b)}`;
    }
    case 'healthcheck': {
      if (a === 'command') return form.healthcheck.kind === 'argv' ? 'healthcheck.argv' : 'healthcheck.command';
      if (a === 'http') return b === 'path' ? 'healthcheck.path' : 'healthcheck.port';
      return a === undefined ? 'healthcheck.kind' : `healthcheck.${String(a)}`;
    }
    default:
      return String(head);
  }
}

export interface EditorIssues {
  all: TemplateIssue[];
  /** Formatted messages (`steps[2].run: required`) per editor field. */
  byField: Map<string, string[]>;
}

export function groupIssues(issues: TemplateIssue[], form: Pick<TemplateForm, 'healthcheck'>): EditorIssues {
  const byField = new Map<string, string[]>();
  for (const issue of issues) {
    const field = fieldFor(issue.path, form);
    byField.set(field, [...(byField.get(field) ?? []), formatIssue(issue)]);
  }
  return { all: issues, byField };
}

/** Validates the form as the document it stands for: the same schema the server applies. */
export function validateForm(form: TemplateForm): EditorIssues {
  const r = validateTemplate(toDocument(form));
  return groupIssues(r.ok ? [] : r.errors, form);
}
