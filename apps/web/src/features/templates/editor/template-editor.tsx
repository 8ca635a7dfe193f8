'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { useAction } from 'next-safe-action/hooks';
import { serializeTemplate, validateTemplate, type TemplateIssue } from '@kiln/core/templates';
import { FormAlert } from '@/components/form-field';
import { saveTemplateAction } from '../actions/save-template';
import { IssueList } from '../components/issue-list';
import { DefaultsSection } from './defaults-section';
import { IssuesContext } from './fields';
import { toDocument, type TemplateForm } from './form-model';
import { HealthcheckSection } from './healthcheck-section';
import { fieldFor, groupIssues, validateForm } from './issues';
import { MetadataSection } from './metadata-section';
import { ParamsEditor } from './params-editor';
import { StepsEditor } from './steps-editor';

export interface TemplateEditorProps {
  /** Editing one of the user's templates; absent: a new one. */
  templateId?: string;
  initial: TemplateForm;
  versionHint?: string;
  cancelHref: string;
}

function at(obj: unknown, name: string): unknown {
  return name.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** True when a touched/dirty tree has any leaf set under it. */
function anySet(v: unknown): boolean {
  if (v === true) return true;
  if (Array.isArray(v)) return v.some(anySet);
  if (v && typeof v === 'object') return Object.values(v).some(anySet);
  return false;
}

/**
 * Create or edit a template with a form for every field and an editor for the steps. The form is
 * checked live against the same schema the server uses; each problem shows next to its field
 * with its document path (`steps[2].run: required`).
 */
export function TemplateEditor({ templateId, initial, versionHint, cancelHref }: TemplateEditorProps) {
  const router = useRouter();
  const methods = useForm<TemplateForm>({ defaultValues: initial, mode: 'onChange' });
  const { handleSubmit, watch, formState, setFocus } = methods;
  const { executeAsync, isPending } = useAction(saveTemplateAction);
  const [submitted, setSubmitted] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [server, setServer] = useState<{ issues: TemplateIssue[]; snapshot: string }>();

  const values = watch();
  const snapshot = JSON.stringify(values);
  const deferred = useDeferredValue(snapshot);
  const live = useMemo(() => validateForm(JSON.parse(deferred) as TemplateForm), [deferred]);
  // Server issues stand until the form changes (then the live check speaks again).
  const serverIssues = server && server.snapshot === snapshot ? server.issues : [];
  const shownServer = groupIssues(serverIssues, values);
  const { touchedFields, dirtyFields } = formState;

  const issuesFor = useCallback(
    (name: string): string[] => {
      const fromServer = shownServer.byField.get(name) ?? [];
      const visible = submitted || anySet(at(touchedFields, name)) || anySet(at(dirtyFields, name));
      const fromLive = visible ? (live.byField.get(name) ?? []) : [];
      return [...new Set([...fromServer, ...fromLive])];
    },
    [shownServer, live, submitted, touchedFields, dirtyFields],
  );

  const allIssues = [...serverIssues, ...live.all.filter((i) => !serverIssues.some((s) => s.path === i.path && s.message === i.message))];

  function focusIssue(issue: TemplateIssue) {
    const name = fieldFor(issue.path, values);
    if (!name) return;
    try {
      setFocus(name as Parameters<typeof setFocus>[0], { shouldSelect: false });
    } catch {
      /* a list-level issue has no input of its own */
    }
  }

  async function submit(v: TemplateForm) {
    setSubmitted(true);
    setFormError(undefined);
    const document = toDocument(v);
    const local = validateTemplate(document);
    if (!local.ok) {
      const first = local.errors[0];
      if (first) focusIssue(first);
      return;
    }
    const r = await executeAsync({ templateId, document });
    if (r?.data) {
      router.push(`/templates/${r.data.id}`);
      router.refresh();
      return;
    }
    const fieldErrors = r?.serverError?.fieldErrors;
    if (fieldErrors) setServer({ issues: Object.entries(fieldErrors).map(([path, message]) => ({ path, message })), snapshot: JSON.stringify(v) });
    setFormError(r?.serverError?.message ?? 'The template was not saved.');
  }

  const preview = useMemo(() => {
    const r = validateTemplate(toDocument(JSON.parse(deferred) as TemplateForm));
    return r.ok ? serializeTemplate(r.template, 'yaml') : undefined;
  }, [deferred]);

  return (
    <FormProvider {...methods}>
      <IssuesContext.Provider value={issuesFor}>
        <form onSubmit={handleSubmit(submit)} noValidate className="space-y-4" aria-label={templateId ? 'Edit template' : 'New template'}>
          <FormAlert message={formError} />
          {submitted && allIssues.length > 0 ? (
            <IssueList title={`${allIssues.length} problem${allIssues.length === 1 ? '' : 's'} to fix before saving`} issues={allIssues} onPick={focusIssue} />
          ) : null}
          <MetadataSection editing={!!templateId} versionHint={versionHint} />
          <DefaultsSection />
          <ParamsEditor />
          <StepsEditor list="steps" title="Steps" description="Run in order inside the new container. Scripts and file contents travel on stdin, never on a command line." />
          <HealthcheckSection />
          <details className="card p-4 sm:p-5">
            <summary className="cursor-pointer font-semibold">Update steps ({values.update.length})</summary>
            <div className="mt-4">
              <StepsEditor list="update" title="Update steps" description="For bringing a container made from an earlier version up to this one (run later, not on create)." />
            </div>
          </details>
          <details className="card p-4 sm:p-5">
            <summary className="cursor-pointer font-semibold">Preview as YAML</summary>
            {preview ? (
              <pre className="mt-3 max-h-[32rem] overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs text-zinc-100">{preview}</pre>
            ) : (
              <p className="mt-3 text-sm text-zinc-500">Shown once the template is valid.</p>
            )}
          </details>
          <div className="sticky bottom-0 z-10 -mx-3 flex flex-wrap items-center justify-end gap-3 border-t border-zinc-200 bg-zinc-50/95 px-3 py-3 backdrop-blur sm:mx-0 sm:rounded-lg sm:border dark:border-zinc-800 dark:bg-zinc-950/95">
            <span className="mr-auto text-sm text-zinc-500" aria-live="polite">
              {live.all.length ? `${live.all.length} problem${live.all.length === 1 ? '' : 's'}` : 'Valid'}
            </span>
            <Link href={cancelHref} className="btn-secondary">
              Cancel
            </Link>
            <button type="submit" className="btn-primary" disabled={isPending}>
              {isPending ? 'Saving…' : templateId ? 'Save' : 'Create template'}
            </button>
          </div>
        </form>
      </IssuesContext.Provider>
    </FormProvider>
  );
}
