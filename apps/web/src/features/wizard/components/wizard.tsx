'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm, type FieldPath } from 'react-hook-form';
import { useAction } from 'next-safe-action/hooks';
import type { PlanPreview } from '@kiln/services';
import type { CreateContainerInput } from '@kiln/services/schemas';
import { FormAlert } from '@/components/form-field';
import { cn } from '@/lib/cn';
import { createContainerAction } from '../actions/create-container';
import { nodeStoragesAction } from '../actions/node-storages';
import { wizardOsImagesAction } from '../actions/os-images';
import { nodeBridgesAction } from '../actions/node-bridges';
import { previewCreationAction } from '../actions/preview-creation';
import { wizardTemplateAction } from '../actions/wizard-template';
import type { WizardChoice, WizardData, WizardTemplate } from '../queries';
import { wizardResolver } from '../resolver';
import { ReviewStep } from './review-step';
import { SecretsDialog } from './secrets-dialog';
import { TemplateStep } from './template-step';
import { IdentityStep, NetworkStep, NodeStep, ParamsStep, ResourcesStep } from './wizard-steps';

type Values = CreateContainerInput;
const STEPS = [
  { id: 'template', title: 'Template', fields: ['templateId'] },
  { id: 'node', title: 'Node', fields: ['nodeId'] },
  { id: 'identity', title: 'Identity', fields: ['hostname', 'vmidMode', 'vmid'] },
  { id: 'resources', title: 'Resources', fields: ['cores', 'memory', 'swap', 'disk', 'storage', 'osImage', 'unprivileged', 'features'] },
  { id: 'network', title: 'Network', fields: ['network', 'nameservers', 'searchdomain', 'tags'] },
  { id: 'params', title: 'Settings', fields: ['params'] },
  { id: 'review', title: 'Review', fields: [] },
] as const;

/** Which step holds a field (to jump to a server-side error). */
function stepOf(field: string): number {
  const top = field.split('.')[0]!;
  const i = STEPS.findIndex((s) => (s.fields as readonly string[]).includes(top));
  return i < 0 ? STEPS.length - 1 : i;
}

function defaultsFrom(t: WizardTemplate | undefined): Partial<Values> {
  if (!t) return {};
  const d = t.defaults;
  const n = d.network;
  return {
    cores: d.cores,
    memory: d.memory,
    swap: d.swap,
    disk: d.disk,
    unprivileged: d.unprivileged,
    features: { ...d.features },
    network: {
      bridge: n.bridge,
      ipv4Mode: n.ipv4 === 'dhcp' ? 'dhcp' : 'static',
      ipv4Cidr: n.ipv4 === 'dhcp' ? '' : n.ipv4.cidr,
      ipv4Gateway: n.ipv4 === 'dhcp' ? '' : (n.ipv4.gateway ?? ''),
      ipv6Mode: typeof n.ipv6 === 'string' ? n.ipv6 : 'static',
      ipv6Cidr: typeof n.ipv6 === 'string' ? '' : n.ipv6.cidr,
      ipv6Gateway: typeof n.ipv6 === 'string' ? '' : (n.ipv6.gateway ?? ''),
      vlan: n.vlan ?? '',
      firewall: n.firewall,
    } as Values['network'],
    nameservers: d.dns.nameservers.join(' '),
    searchdomain: d.dns.searchdomain ?? '',
    tags: d.tags.join(' '),
    params: Object.fromEntries(t.params.map((p) => [p.name, p.type === 'secret' ? '' : (p.default ?? '')])) as Values['params'],
  };
}

export function Wizard({ data, initialTemplateId, requestId }: { data: WizardData; initialTemplateId?: string; requestId: string }) {
  const router = useRouter();
  const initialTemplate = data.chosen && data.chosen.id === initialTemplateId ? data.chosen : undefined;
  const defaultNode = data.nodes.find((n) => n.isDefault && n.sshState === 'ok') ?? data.nodes.find((n) => n.sshState === 'ok');
  // Only the chosen template's form data is on the page; another one loads when it is picked.
  const [template, setTemplate] = useState<WizardTemplate | undefined>(initialTemplate);
  const templateRef = useRef<WizardTemplate | undefined>(initialTemplate);
  const form = useForm<Values>({
    resolver: wizardResolver(() => templateRef.current),
    defaultValues: {
      requestId,
      templateId: initialTemplate?.id ?? '',
      nodeId: defaultNode?.id ?? '',
      vmidMode: 'auto',
      vmid: '',
      storage: '',
      osImage: '',
      cores: 1,
      memory: 512,
      swap: 512,
      disk: 8,
      unprivileged: true,
      features: { nesting: true, keyctl: false, fuse: false },
      network: { bridge: 'vmbr0', ipv4Mode: 'dhcp', ipv6Mode: 'none', firewall: true, vlan: '' },
      ...defaultsFrom(initialTemplate),
      // Deploy from a template page pre-fills the host name like picking it here does.
      hostname: initialTemplate?.slug ?? '',
    },
    mode: 'onTouched',
  });
  const [step, setStep] = useState(initialTemplate ? 1 : 0);
  const navRef = useRef<HTMLElement>(null);
  // On a phone the step list scrolls sideways: keep the active step in view.
  useEffect(() => {
    const nav = navRef.current;
    const active = nav?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!nav || !active) return;
    const offset = active.getBoundingClientRect().left - nav.getBoundingClientRect().left;
    nav.scrollBy({ left: offset - nav.clientWidth / 2 + active.clientWidth / 2, behavior: 'smooth' });
  }, [step]);
  const [formError, setFormError] = useState<string>();
  const [plan, setPlan] = useState<PlanPreview>();
  const [secrets, setSecrets] = useState<{ id: string; values: Record<string, string> }>();
  const preview = useAction(previewCreationAction);
  const create = useAction(createContainerAction);
  const storages = useAction(nodeStoragesAction);
  const bridges = useAction(nodeBridgesAction);
  const loadTemplate = useAction(wizardTemplateAction);
  const osImages = useAction(wizardOsImagesAction);
  const [picking, setPicking] = useState<string>();
  const nodeId = form.watch('nodeId');
  const templateId = template?.id;

  // The node's images of the template's OS family: the default stays "the newest" (empty).
  useEffect(() => {
    if (!nodeId || !templateId) return;
    void osImages.executeAsync({ nodeId, templateId }).then((r) => {
      const list = r?.data ?? [];
      if (!list.some((i) => i.volid === form.getValues('osImage'))) form.setValue('osImage', '');
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodeId, templateId]);

  useEffect(() => {
    if (!nodeId) return;
    void storages.executeAsync({ nodeId }).then((r) => {
      const list = r?.data ?? [];
      if (list.length && !list.some((s) => s.storage === form.getValues('storage'))) form.setValue('storage', list[0]!.storage);
    });
    // The node's bridges: a template's default bridge the node lacks gives way to the node's first one.
    void bridges.executeAsync({ nodeId }).then((r) => {
      const list = r?.data ?? [];
      if (list.length && !list.some((b) => b.iface === form.getValues('network.bridge'))) form.setValue('network.bridge', list[0]!.iface);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodeId]);

  async function pickTemplate(choice: WizardChoice) {
    form.clearErrors('templateId');
    let t = template?.id === choice.id ? template : undefined;
    if (!t) {
      setPicking(choice.id);
      const r = await loadTemplate.executeAsync({ templateId: choice.id });
      setPicking(undefined);
      t = r?.data;
      if (!t) {
        form.setError('templateId', { type: 'server', message: r?.serverError?.message ?? `${choice.name} could not be loaded. Try again.` });
        return;
      }
    }
    form.reset({ ...form.getValues(), templateId: t.id, ...defaultsFrom(t), hostname: form.getValues('hostname') || t.slug });
    templateRef.current = t;
    setTemplate(t);
    setStep(1);
  }

  /** Server errors go next to their field, and the wizard jumps to the step that holds it. */
  function applyServerErrors(r: { validationErrors?: unknown; serverError?: { message: string; fieldErrors?: Record<string, string> } } | undefined): string | undefined {
    const fe: Record<string, string> = { ...(r?.serverError?.fieldErrors ?? {}) };
    const v = r?.validationErrors as { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | undefined;
    for (const [k, m] of Object.entries(v?.fieldErrors ?? {})) if (m?.[0]) fe[k] ??= m[0];
    const keys = Object.keys(fe);
    for (const k of keys) form.setError(k as FieldPath<Values>, { type: 'server', message: fe[k] });
    if (keys.length) setStep(Math.min(...keys.map(stepOf)));
    return r?.serverError?.message ?? v?.formErrors?.[0];
  }

  async function next() {
    setFormError(undefined);
    const fields = STEPS[step]!.fields as readonly FieldPath<Values>[];
    if (fields.length && !(await form.trigger(fields as FieldPath<Values>[]))) return;
    if (STEPS[step + 1]?.id === 'review') {
      setPlan(undefined);
      setStep(step + 1);
      const r = await preview.executeAsync(form.getValues());
      if (r?.data) setPlan(r.data);
      else setFormError(applyServerErrors(r) ?? 'The plan could not be built.');
      return;
    }
    setStep(step + 1);
  }

  async function submit() {
    setFormError(undefined);
    if (!(await form.trigger())) {
      const first = Object.keys(form.formState.errors)[0];
      if (first) setStep(stepOf(first));
      return;
    }
    const r = await create.executeAsync(form.getValues());
    if (r?.data) {
      if (Object.keys(r.data.generatedSecrets).length) setSecrets({ id: r.data.containerId, values: r.data.generatedSecrets });
      else router.push(`/containers/creations/${r.data.containerId}`);
      return;
    }
    setFormError(applyServerErrors(r) ?? 'The container was not created.');
  }

  const current = STEPS[step]!;
  return (
    <div className="space-y-6">
      <p className="text-xs text-zinc-500 sm:hidden" data-testid="wizard-position">{`Step ${step + 1} of ${STEPS.length}`}</p>
      <nav ref={navRef} aria-label="Wizard steps" className="-mx-3 overflow-x-auto px-3">
        <ol className="flex min-w-max gap-1 text-sm">
          {STEPS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                disabled={i > step}
                onClick={() => setStep(i)}
                aria-current={i === step ? 'step' : undefined}
                className={cn('rounded-full px-3 py-1', i === step ? 'bg-kiln-600 text-white' : i < step ? 'bg-kiln-50 text-kiln-700 dark:bg-kiln-700/20 dark:text-kiln-400' : 'text-zinc-400')}
              >
                {i + 1}. {s.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void (current.id === 'review' ? submit() : next());
        }}
        noValidate
        className="space-y-6"
        aria-label={`Step ${step + 1}: ${current.title}`}
      >
        <h2 className="text-lg font-semibold">{current.title}</h2>
        <FormAlert message={formError} />
        {current.id === 'template' ? <TemplateStep form={form} templates={data.templates} loading={picking} onPick={(t) => void pickTemplate(t)} /> : null}
        {current.id === 'node' ? <NodeStep form={form} nodes={data.nodes} /> : null}
        {current.id === 'identity' ? <IdentityStep form={form} /> : null}
        {current.id === 'resources' ? <ResourcesStep form={form} storages={storages.result.data} storagesError={storages.result.serverError?.message} osImages={osImages.result.data} /> : null}
        {current.id === 'network' ? <NetworkStep form={form} bridges={bridges.result.data} bridgesError={bridges.result.serverError?.message} /> : null}
        {current.id === 'params' ? <ParamsStep form={form} template={template} /> : null}
        {current.id === 'review' ? <ReviewStep plan={plan} /> : null}
        <div className="flex flex-wrap gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {step > 0 ? (
            <button type="button" className="btn-secondary" onClick={() => setStep(step - 1)}>
              Back
            </button>
          ) : null}
          {current.id === 'template' ? null : current.id === 'review' ? (
            <button type="submit" className="btn-primary" disabled={!plan || create.isPending || create.hasSucceeded}>
              {create.isPending || create.hasSucceeded ? 'Creating…' : 'Create container'}
            </button>
          ) : (
            <button type="submit" className="btn-primary" disabled={preview.isPending}>
              {preview.isPending ? 'Checking…' : 'Next'}
            </button>
          )}
        </div>
      </form>
      {secrets ? <SecretsDialog secrets={secrets.values} onClose={() => router.push(`/containers/creations/${secrets.id}`)} /> : null}
    </div>
  );
}
