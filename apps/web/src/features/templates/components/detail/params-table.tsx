import type { ParamDefinition, Template } from '@kiln/core/templates';
import { Pill, Section } from './section';

function rules(p: ParamDefinition): string[] {
  const out: string[] = [];
  switch (p.type) {
    case 'string':
    case 'secret': {
      const v = p.validation;
      if (v?.min !== undefined) out.push(`at least ${v.min} characters`);
      else if (p.type === 'secret') out.push('at least 8 characters');
      if (v?.max !== undefined) out.push(`at most ${v.max} characters`);
      if (v?.pattern) out.push(`matches /${v.pattern}/`);
      if (p.type === 'string' && p.optional) out.push('may be empty');
      break;
    }
    case 'number':
    case 'port': {
      const v = p.validation;
      if (v?.min !== undefined) out.push(`≥ ${v.min}`);
      if (v?.max !== undefined) out.push(`≤ ${v.max}`);
      if (p.type === 'number' && p.validation?.integer) out.push('whole number');
      break;
    }
    case 'enum':
      out.push(`one of ${p.validation.options.join(', ')}`);
      break;
    case 'boolean':
      break;
  }
  return out;
}

function defaultOf(p: ParamDefinition) {
  if (p.type === 'secret')
    return (
      <Pill tone="violet">
        generated when empty ({p.generate.length} {p.generate.charset})
      </Pill>
    );
  if (p.default === undefined) return <span className="text-zinc-500">required</span>;
  return <code className="break-all font-mono text-xs">{String(p.default)}</code>;
}

/** The questions the wizard asks, with their types, defaults and rules. */
export function ParamsTable({ t }: { t: Template }) {
  return (
    <Section title="Parameters" id="params" description={t.params.length ? 'Asked by the wizard, used in steps as {{ params.name }}.' : 'This template asks no questions.'}>
      {t.params.length ? (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {t.params.map((p) => (
            <li key={p.name} className="py-2.5 first:pt-0 last:pb-0" data-param={p.name}>
              <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                <span className="font-medium">{p.label ?? p.name}</span>
                <code className="font-mono text-xs text-zinc-500">{p.name}</code>
                <Pill tone={p.type === 'secret' ? 'violet' : 'zinc'}>{p.type}</Pill>
                <span className="text-sm">{defaultOf(p)}</span>
              </div>
              {p.help ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{p.help}</p> : null}
              {rules(p).length ? <p className="mt-1 text-xs text-zinc-500">{rules(p).join(' · ')}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
