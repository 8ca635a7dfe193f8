/**
 * The editor's form values and the template document they stand for. Inputs hold text (so a
 * half-typed number is still shown, and the template schema reports it at its exact path);
 * `toDocument` builds the kiln/v1 document, `fromTemplate` fills the form from a saved one.
 */
import type { ParamType, SecretCharset, StepType, Template } from '@kiln/core/templates';

export interface ParamForm {
  name: string;
  type: ParamType;
  label: string;
  help: string;
  /** Text for string/enum/number/port, 'true'/'false' for boolean; secrets have none. */
  default: string;
  optional: boolean;
  min: string;
  max: string;
  pattern: string;
  message: string;
  integer: boolean;
  /** enum: one option per line */
  options: string;
  genLength: string;
  genCharset: SecretCharset;
}

export interface StepForm {
  id: string;
  type: StepType;
  title: string;
  /** Empty: the type's default. */
  timeout: string;
  retry: boolean;
  run: string;
  shell: 'bash' | 'sh';
  /** Package names separated by spaces, commas or lines. */
  packages: string;
  path: string;
  content: string;
  mode: string;
  owner: string;
  name: string;
  enable: boolean;
  start: boolean;
  restart: boolean;
}

export type Ipv6Mode = 'none' | 'auto' | 'dhcp' | 'static';
export type HealthcheckKind = 'none' | 'command' | 'argv' | 'http';

export interface TemplateForm {
  slug: string;
  name: string;
  version: string;
  description: string;
  icon: string;
  /** Catalogue tags, separated by spaces or commas. */
  tags: string;
  os: { distribution: string; version: string; variant: string; arch: 'amd64' | 'arm64' | 'i386' };
  defaults: {
    cores: string;
    memory: string;
    swap: string;
    disk: string;
    unprivileged: boolean;
    features: { nesting: boolean; keyctl: boolean; fuse: boolean };
    network: {
      bridge: string;
      ipv4Mode: 'dhcp' | 'static';
      ipv4Cidr: string;
      ipv4Gateway: string;
      ipv6Mode: Ipv6Mode;
      ipv6Cidr: string;
      ipv6Gateway: string;
      vlan: string;
      firewall: boolean;
    };
    dns: { nameservers: string; searchdomain: string };
    tags: string;
  };
  params: ParamForm[];
  steps: StepForm[];
  update: StepForm[];
  healthcheck: { kind: HealthcheckKind; command: string; argv: string; port: string; path: string; interval: string; retries: string; timeout: string };
  postInstall: string;
  /** Not edited in the form (YAML only): kept as the template had it, so saving never drops it. */
  appVersion?: Template['appVersion'];
}

/** Timeouts and retry flags as the schema defaults them per step type. */
export const STEP_DEFAULTS: Record<StepType, { timeout: number; retry: boolean }> = {
  script: { timeout: 600, retry: false },
  packages: { timeout: 1800, retry: true },
  file: { timeout: 60, retry: true },
  service: { timeout: 120, retry: true },
};

export function emptyParam(type: ParamType = 'string'): ParamForm {
  return {
    name: '',
    type,
    label: '',
    help: '',
    default: type === 'boolean' ? 'false' : '',
    optional: false,
    min: '',
    max: '',
    pattern: '',
    message: '',
    integer: false,
    options: '',
    genLength: '32',
    genCharset: 'alnum',
  };
}

export function emptyStep(type: StepType, id = ''): StepForm {
  return {
    id,
    type,
    title: '',
    timeout: '',
    retry: STEP_DEFAULTS[type].retry,
    run: '',
    shell: 'bash',
    packages: '',
    path: '',
    content: '',
    mode: '0644',
    owner: 'root:root',
    name: '',
    enable: true,
    start: true,
    restart: false,
  };
}

export function emptyForm(): TemplateForm {
  return {
    slug: '',
    name: '',
    version: '1.0.0',
    description: '',
    icon: '📦',
    tags: '',
    os: { distribution: 'debian', version: '12', variant: '', arch: 'amd64' },
    defaults: {
      cores: '1',
      memory: '512',
      swap: '512',
      disk: '8',
      unprivileged: true,
      features: { nesting: true, keyctl: false, fuse: false },
      network: { bridge: 'vmbr0', ipv4Mode: 'dhcp', ipv4Cidr: '', ipv4Gateway: '', ipv6Mode: 'none', ipv6Cidr: '', ipv6Gateway: '', vlan: '', firewall: true },
      dns: { nameservers: '', searchdomain: '' },
      tags: '',
    },
    params: [],
    steps: [emptyStep('script', 'setup')],
    update: [],
    healthcheck: { kind: 'none', command: '', argv: '', port: '', path: '/', interval: '5', retries: '12', timeout: '10' },
    postInstall: '',
  };
}

// ---------------------------------------------------------------------------------------------
// form -> document

/** '' is absent; a number is a number; anything else stays text so the schema names the field. */
function num(s: string): number | string | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

const text = (s: string) => (s.trim() === '' ? undefined : s);
const words = (s: string) => s.split(/[\s,]+/).filter(Boolean);
const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Drops undefined fields, so the document only says what the user said. */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function orUndefined<T extends Record<string, unknown>>(o: T): Partial<T> | undefined {
  const c = compact(o);
  return Object.keys(c).length ? c : undefined;
}

function paramDocument(p: ParamForm): Record<string, unknown> {
  const common = { name: p.name.trim(), type: p.type, label: text(p.label), help: text(p.help) };
  switch (p.type) {
    case 'string':
      return compact({
        ...common,
        default: p.default === '' ? undefined : p.default,
        optional: p.optional,
        validation: orUndefined({ min: num(p.min), max: num(p.max), pattern: text(p.pattern), message: text(p.message) }),
      });
    case 'secret':
      return compact({
        ...common,
        validation: orUndefined({ min: num(p.min), max: num(p.max), pattern: text(p.pattern), message: text(p.message) }),
        generate: compact({ length: num(p.genLength), charset: p.genCharset }),
      });
    case 'number':
      return compact({ ...common, default: num(p.default), validation: orUndefined({ min: num(p.min), max: num(p.max), integer: p.integer || undefined }) });
    case 'port':
      return compact({ ...common, default: num(p.default), validation: orUndefined({ min: num(p.min), max: num(p.max) }) });
    case 'boolean':
      return compact({ ...common, default: p.default === 'true' });
    case 'enum':
      return compact({ ...common, default: text(p.default), validation: { options: lines(p.options) } });
  }
}

function stepDocument(s: StepForm): Record<string, unknown> {
  const common = { id: s.id.trim(), type: s.type, title: text(s.title) };
  const tail = { timeout: num(s.timeout), retry: s.retry };
  switch (s.type) {
    case 'script':
      return compact({ ...common, run: s.run, shell: s.shell, ...tail });
    case 'packages':
      return compact({ ...common, packages: words(s.packages), ...tail });
    case 'file':
      return compact({ ...common, path: s.path.trim(), content: s.content, mode: s.mode.trim(), owner: s.owner.trim(), ...tail });
    case 'service':
      return compact({ ...common, name: s.name.trim(), enable: s.enable, start: s.start, restart: s.restart, ...tail });
  }
}

function healthcheckDocument(h: TemplateForm['healthcheck']): Record<string, unknown> | undefined {
  const timing = { interval: num(h.interval), retries: num(h.retries), timeout: num(h.timeout) };
  switch (h.kind) {
    case 'none':
      return undefined;
    case 'command':
      return compact({ command: h.command.trim(), ...timing });
    case 'argv':
      return compact({ command: lines(h.argv), ...timing });
    case 'http':
      return compact({ http: compact({ port: num(h.port), path: text(h.path) }), ...timing });
  }
}

export function toDocument(f: TemplateForm): Record<string, unknown> {
  const d = f.defaults;
  const n = d.network;
  return compact({
    apiVersion: 'kiln/v1',
    slug: f.slug.trim(),
    name: f.name.trim(),
    version: f.version.trim(),
    description: f.description.trim(),
    icon: f.icon.trim(),
    tags: words(f.tags),
    os: compact({ distribution: f.os.distribution.trim(), version: f.os.version.trim(), variant: text(f.os.variant), arch: f.os.arch }),
    defaults: {
      cores: num(d.cores),
      memory: num(d.memory),
      swap: num(d.swap),
      disk: num(d.disk),
      unprivileged: d.unprivileged,
      features: { ...d.features },
      network: compact({
        bridge: n.bridge.trim(),
        ipv4: n.ipv4Mode === 'dhcp' ? 'dhcp' : compact({ cidr: n.ipv4Cidr.trim(), gateway: text(n.ipv4Gateway) }),
        ipv6: n.ipv6Mode === 'static' ? compact({ cidr: n.ipv6Cidr.trim(), gateway: text(n.ipv6Gateway) }) : n.ipv6Mode,
        vlan: num(n.vlan),
        firewall: n.firewall,
      }),
      dns: compact({ nameservers: words(d.dns.nameservers), searchdomain: text(d.dns.searchdomain) }),
      tags: words(d.tags),
    },
    params: f.params.map(paramDocument),
    steps: f.steps.map(stepDocument),
    update: f.update.map(stepDocument),
    healthcheck: healthcheckDocument(f.healthcheck),
    postInstall: text(f.postInstall),
    appVersion: f.appVersion,
  });
}

// ---------------------------------------------------------------------------------------------
// template -> form

const str = (v: number | string | undefined) => (v === undefined ? '' : String(v));

function paramForm(p: Template['params'][number]): ParamForm {
  const base = { ...emptyParam(p.type), name: p.name, label: p.label ?? '', help: p.help ?? '' };
  switch (p.type) {
    case 'string':
      return {
        ...base,
        default: p.default ?? '',
        optional: p.optional,
        min: str(p.validation?.min),
        max: str(p.validation?.max),
        pattern: p.validation?.pattern ?? '',
        message: p.validation?.message ?? '',
      };
    case 'secret':
      return {
        ...base,
        min: str(p.validation?.min),
        max: str(p.validation?.max),
        pattern: p.validation?.pattern ?? '',
        message: p.validation?.message ?? '',
        genLength: String(p.generate.length),
        genCharset: p.generate.charset,
      };
    case 'number':
      return { ...base, default: str(p.default), min: str(p.validation?.min), max: str(p.validation?.max), integer: p.validation?.integer ?? false };
    case 'port':
      return { ...base, default: str(p.default), min: str(p.validation?.min), max: str(p.validation?.max) };
    case 'boolean':
      return { ...base, default: String(p.default) };
    case 'enum':
      return { ...base, default: p.default ?? '', options: p.validation.options.join('\n') };
  }
}

function stepForm(s: Template['steps'][number]): StepForm {
  const base = { ...emptyStep(s.type, s.id), title: s.title ?? '', timeout: String(s.timeout), retry: s.retry };
  switch (s.type) {
    case 'script':
      return { ...base, run: s.run, shell: s.shell };
    case 'packages':
      return { ...base, packages: s.packages.join(' ') };
    case 'file':
      return { ...base, path: s.path, content: s.content, mode: s.mode, owner: s.owner };
    case 'service':
      return { ...base, name: s.name, enable: s.enable, start: s.start, restart: s.restart };
  }
}

function healthcheckForm(h: Template['healthcheck']): TemplateForm['healthcheck'] {
  const empty = emptyForm().healthcheck;
  if (!h) return empty;
  const timing = { interval: String(h.interval), retries: String(h.retries), timeout: String(h.timeout) };
  if (h.http) return { ...empty, ...timing, kind: 'http', port: String(h.http.port), path: h.http.path };
  if (Array.isArray(h.command)) return { ...empty, ...timing, kind: 'argv', argv: h.command.join('\n') };
  return { ...empty, ...timing, kind: 'command', command: h.command ?? '' };
}

export function fromTemplate(t: Template): TemplateForm {
  const d = t.defaults;
  const n = d.network;
  const v4 = typeof n.ipv4 === 'string' ? null : n.ipv4;
  const v6 = typeof n.ipv6 === 'string' ? null : n.ipv6;
  return {
    slug: t.slug,
    name: t.name,
    version: t.version,
    description: t.description,
    icon: t.icon,
    tags: t.tags.join(' '),
    os: { distribution: t.os.distribution, version: t.os.version, variant: t.os.variant ?? '', arch: t.os.arch },
    defaults: {
      cores: String(d.cores),
      memory: String(d.memory),
      swap: String(d.swap),
      disk: String(d.disk),
      unprivileged: d.unprivileged,
      features: { ...d.features },
      network: {
        bridge: n.bridge,
        ipv4Mode: v4 ? 'static' : 'dhcp',
        ipv4Cidr: v4?.cidr ?? '',
        ipv4Gateway: v4?.gateway ?? '',
        ipv6Mode: v6 ? 'static' : (n.ipv6 as Ipv6Mode),
        ipv6Cidr: v6?.cidr ?? '',
        ipv6Gateway: v6?.gateway ?? '',
        vlan: str(n.vlan),
        firewall: n.firewall,
      },
      dns: { nameservers: d.dns.nameservers.join(' '), searchdomain: d.dns.searchdomain ?? '' },
      tags: d.tags.join(' '),
    },
    params: t.params.map(paramForm),
    steps: t.steps.map(stepForm),
    update: t.update.map(stepForm),
    healthcheck: healthcheckForm(t.healthcheck),
    postInstall: t.postInstall ?? '',
    ...(t.appVersion ? { appVersion: t.appVersion } : {}),
  };
}
