'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { MAX_TEMPLATE_BYTES, parseTemplateText, templateSizeProblem, type TemplateIssue } from '@kiln/core/templates';
import { FormAlert, FormField } from '@/components/form-field';
import { importTemplateAction } from '../actions/import-template';
import { IssueList } from './issue-list';

type Format = 'auto' | 'yaml' | 'json';

/** Offset of the start of a 1-based line (to put the caret on an error). */
function offsetOf(text: string, line: number, column = 1): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/**
 * Paste or upload a template. The server validates it; every problem is listed with its path and
 * line, and once shown the list follows the text live as it is fixed.
 */
export function ImportForm() {
  const router = useRouter();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [format, setFormat] = useState<Format>('auto');
  const [serverIssues, setServerIssues] = useState<TemplateIssue[]>();
  const [conflict, setConflict] = useState<{ slug: string; version: string }>();
  const [formError, setFormError] = useState<string>();
  const [textError, setTextError] = useState<string>();
  const { executeAsync, isPending } = useAction(importTemplateAction);

  // After the first server answer, re-check as the user edits (the same parser, in the browser).
  const liveIssues = useMemo(() => {
    if (!serverIssues || conflict || !text.trim()) return undefined;
    const r = parseTemplateText(text, { format: format === 'auto' ? undefined : format });
    return r.ok ? [] : r.errors;
  }, [serverIssues, conflict, text, format]);
  const issues = liveIssues ?? serverIssues;

  async function readFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_TEMPLATE_BYTES) {
      setTextError(`${file.name} is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB.`);
      return;
    }
    setTextError(undefined);
    setText(await file.text());
    setFormat(/\.json$/i.test(file.name) ? 'json' : /\.ya?ml$/i.test(file.name) ? 'yaml' : 'auto');
    setServerIssues(undefined);
    setConflict(undefined);
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(undefined);
    setTextError(undefined);
    if (!text.trim()) {
      setTextError('Paste a template or choose a file.');
      return;
    }
    // Counted in bytes here too: a big paste would otherwise die at the request size limit.
    const tooLarge = templateSizeProblem(text);
    if (tooLarge) {
      setTextError(`${tooLarge.charAt(0).toUpperCase()}${tooLarge.slice(1)}.`);
      return;
    }
    const r = await executeAsync({ text, format, slug: conflict?.slug, version: conflict?.version });
    const data = r?.data;
    if (!data) {
      setFormError(r?.serverError?.message ?? 'The template was not imported.');
      return;
    }
    if (data.ok) {
      router.push(`/templates/${data.id}`);
      return;
    }
    setServerIssues(data.errors);
    setConflict(data.conflict);
  }

  function jumpTo(issue: TemplateIssue) {
    const el = textarea.current;
    if (!el || issue.line === undefined) return;
    const at = offsetOf(text, issue.line, issue.column);
    el.focus();
    el.setSelectionRange(at, at);
    // Scroll the line into view: textareas have no API for that, so estimate from the line height.
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 16;
    el.scrollTop = Math.max(0, (issue.line - 3) * lineHeight);
  }

  const issueAt = (path: string) => (conflict ? issues?.find((i) => i.path === path)?.message : undefined);

  return (
    <form onSubmit={submit} noValidate className="card space-y-4 p-4 sm:p-5" aria-label="Import template">
      <FormAlert message={formError} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <label htmlFor="template-file" className="label">
            File
          </label>
          <input
            id="template-file"
            type="file"
            accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml,text/plain"
            className="block text-sm file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-3 file:py-2 file:text-sm dark:file:bg-zinc-800"
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
        </div>
        <div>
          <label htmlFor="template-format" className="label">
            Format
          </label>
          <select id="template-format" className="input" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="auto">Detect (JSON if it starts with {'{'})</option>
            <option value="yaml">YAML</option>
            <option value="json">JSON</option>
          </select>
        </div>
      </div>
      <FormField id="template-text" label="Template" error={textError} hint="Paste YAML or JSON (apiVersion: kiln/v1), or choose a file above.">
        <textarea
          id="template-text"
          ref={textarea}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (conflict) setServerIssues(undefined);
            setConflict(undefined);
          }}
          rows={18}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          className="input font-mono text-xs leading-5"
          aria-invalid={!!issues?.length}
          aria-describedby={issues?.length ? 'import-issues' : undefined}
        />
      </FormField>

      {conflict ? (
        <fieldset className="space-y-3 rounded-md border border-amber-300 p-3 dark:border-amber-900">
          <legend className="px-1 text-sm font-medium">Import as</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField id="import-slug" label="Slug" error={issueAt('slug')}>
              <input id="import-slug" className="input font-mono" aria-invalid={!!issueAt('slug')} value={conflict.slug} onChange={(e) => setConflict({ ...conflict, slug: e.target.value })} />
            </FormField>
            <FormField id="import-version" label="Version" error={issueAt('version')}>
              <input
                id="import-version"
                className="input font-mono"
                aria-invalid={!!issueAt('version')}
                value={conflict.version}
                onChange={(e) => setConflict({ ...conflict, version: e.target.value })}
              />
            </FormField>
          </div>
        </fieldset>
      ) : null}

      {issues && issues.length > 0 && !conflict ? (
        <IssueList id="import-issues" issues={issues} title={`${issues.length} problem${issues.length === 1 ? '' : 's'} in this template`} onPick={jumpTo} />
      ) : null}
      {issues && issues.length === 0 && !conflict ? (
        <p className="text-sm text-emerald-700 dark:text-emerald-400" role="status">
          The template is valid now.
        </p>
      ) : null}

      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={isPending}>
          {isPending ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
