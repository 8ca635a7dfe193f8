'use client';

import type { TemplateIssue } from '@kiln/core/templates';

/** Every problem of a template, each with its path (and line/column when it came from text). */
export function IssueList({ id, title, issues, onPick }: { id?: string; title: string; issues: TemplateIssue[]; onPick?: (issue: TemplateIssue) => void }) {
  return (
    <div id={id} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950/40">
      <p className="font-medium text-red-900 dark:text-red-200">{title}</p>
      <ul className="mt-2 space-y-1" data-testid="template-issues">
        {issues.map((i, n) => {
          const where = i.line !== undefined ? `line ${i.line}${i.column !== undefined ? `, column ${i.column}` : ''}` : undefined;
          const body = (
            <>
              <span className="text-red-900 dark:text-red-200">
                {i.path ? <code className="font-mono text-xs font-semibold text-red-800 dark:text-red-300">{i.path}</code> : null}
                {i.path ? `: ${i.message}` : i.message}
              </span>
              {where ? <span className="text-xs text-red-700 dark:text-red-400">({where})</span> : null}
            </>
          );
          return (
            <li key={`${i.path}-${n}`} data-path={i.path}>
              {onPick ? (
                <button type="button" className="flex flex-wrap items-baseline gap-x-1.5 text-left hover:underline" onClick={() => onPick(i)}>
                  {body}
                </button>
              ) : (
                <span className="flex flex-wrap items-baseline gap-x-1.5">{body}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
