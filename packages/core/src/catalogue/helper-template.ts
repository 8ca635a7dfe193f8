/**
 * One helper-scripts app -> one kiln/v1 template whose steps do what build.func does around the
 * app's install script (base packages, the exported environment, the failure flag file), run by
 * the ordinary provisioning plan. See docs/catalogue-sources.md.
 */
import { CATALOGUE_TAG, PVE_TAG, SLUG } from '../templates/names';
import { shellQuote } from '../templates/interpolate';
import { validateTemplate } from '../templates/validate';
import { formatIssue } from '../templates/errors';
import type { Step, Template } from '../templates';
import { HELPER_SCRIPTS_OSES, helperScriptsPaths, interactiveProblem, type CtScript } from './helper-scripts';
import type { AppMetadata } from './metadata';

/** Where the steps put the upstream files inside the container. */
export const CATALOGUE_DIR = '/opt/kiln/catalogue';

/** The post-install note's line prefixes: written here, read back by app-facts.ts for the app page. */
export const NOTE_PREFIX = { credentials: 'Default credentials: ', note: 'Note: ', website: 'Website: ' } as const;

/** Kiln's interpolation reads `{{`; upstream text must reach the container byte for byte. */
export function escapeBraces(text: string): string {
  return text.replace(/\{\{/g, '\\{{');
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A slug from NSAPP (`pi-hole`, `uptimekuma`); undefined when nothing usable is left. */
export function slugOf(nsapp: string): string | undefined {
  const slug = nsapp
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return SLUG.test(slug) ? slug : undefined;
}

/** `var_tags` (`a;b c`) -> lower-case, de-duplicated tag words. */
export function tagsOf(raw: string | undefined): string[] {
  const words = (raw ?? '')
    .split(/[;,\s]+/)
    .map((t) =>
      t
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 32),
    )
    .filter((t) => t !== '');
  return [...new Set(words)];
}

export function positiveInt(raw: string | undefined, fallback: number, max: number): number {
  const n = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

const yes = (raw: string | undefined) => raw !== undefined && /^(yes|1|true)$/i.test(raw);

export interface HelperAppInput {
  ct: CtScript;
  /** `ct/<app>.sh` */
  ctPath: string;
  /** The app's slug in the layout (`ct/<slug>.sh`); NSAPP when that is not a usable slug. */
  slug?: string;
  installText: string;
  functionsText: string;
  metadata?: AppMetadata;
}

export type HelperAppResult = { ok: true; template: Template } | { ok: false; notDeployable: boolean; reason: string };

/** Why this app cannot be deployed by Kiln, or undefined (checked before a template is built). */
export function notDeployableReason(input: Pick<HelperAppInput, 'ct' | 'installText' | 'metadata'>): string | undefined {
  const { ct, metadata } = input;
  if (metadata?.type && metadata.type !== 'ct') return `its metadata says type "${metadata.type}": Kiln deploys LXC containers (type "ct") only`;
  if (yes(ct.vars.gpu)) return 'it needs GPU passthrough (var_gpu="yes"), which Kiln does not configure';
  const os = ct.vars.os ?? 'debian';
  if (!(HELPER_SCRIPTS_OSES as readonly string[]).includes(os)) return `var_os="${os}" is not an OS Kiln starts (${HELPER_SCRIPTS_OSES.join(', ')})`;
  return interactiveProblem(input.installText);
}

function installStep(input: HelperAppInput, os: string, version: string, disk: number, unprivileged: boolean): Step {
  const { ct } = input;
  // Upstream values are quoted for the shell and escaped for Kiln's interpolation.
  const q = (v: string) => escapeBraces(shellQuote(v));
  const script = `${CATALOGUE_DIR}/${ct.nsapp}-install.sh`;
  const run = [
    '# What build.func exports before it runs the install script (docs/catalogue-sources.md).',
    `export FUNCTIONS_FILE_PATH="$(cat ${CATALOGUE_DIR}/install.func)"`,
    'export SESSION_ID="kiln{{ container.vmid }}"',
    'export RANDOM_UUID="$(cat /proc/sys/kernel/random/uuid)"',
    'export tz={{ params.timezone | shell }}',
    `export APPLICATION=${q(ct.app)} app=${q(ct.nsapp)}`,
    'export CTID="{{ container.vmid }}"',
    `export CTTYPE=${unprivileged ? 1 : 0} PCT_OSTYPE=${q(os)} PCT_OSVERSION=${q(version)} PCT_DISK_SIZE=${disk}`,
    `export ENABLE_FUSE=${yes(ct.vars.fuse) ? 'yes' : 'no'} ENABLE_TUN=${yes(ct.vars.tun) ? 'yes' : 'no'}`,
    "export VERBOSE=yes DIAGNOSTICS=no SSH_ROOT=no SSH_AUTHORIZED_KEY='' PASSWORD='' CACHER=no CACHER_IP=''",
    'export INSTALL_LOG="/root/.install-${SESSION_ID}.log" DEBIAN_FRONTEND=noninteractive',
    'if [ -e "/usr/share/zoneinfo/$tz" ]; then ln -sf "/usr/share/zoneinfo/$tz" /etc/localtime && echo "$tz" >/etc/timezone; fi',
    'flag="/root/.install-${SESSION_ID}.failed"',
    'rm -f "$flag"',
    'code=0',
    '# No terminal: a prompt reads end-of-file instead of waiting forever.',
    `bash ${q(script)} </dev/null || code=$?`,
    '# build.func trusts the error flag file over the exit code.',
    'if [ -f "$flag" ]; then',
    '  code="$(cat "$flag" 2>/dev/null)"',
    '  case "$code" in "" | 0 | *[!0-9]*) code=1 ;; esac',
    '  echo "the install script reported failure (exit code $code)" >&2',
    'fi',
    'exit "$code"',
  ].join('\n');
  return { id: 'install', type: 'script', title: `Run ${truncate(ct.app, 60)}'s install script`, run, shell: 'bash', timeout: 3600, retry: false };
}

function baseStep(os: string): Step {
  // build.func installs these before the install script runs; the scripts assume them.
  if (os === 'alpine') {
    return {
      id: 'base-packages',
      type: 'script',
      title: 'Install the base packages (apk)',
      run: 'apk add --no-cache bash newt curl openssh nano mc ncurses jq',
      shell: 'sh',
      timeout: 900,
      retry: true,
    };
  }
  return { id: 'base-packages', type: 'packages', packages: ['sudo', 'curl', 'mc', 'gnupg2', 'jq'], timeout: 1800, retry: true };
}

function postInstall(ct: CtScript, meta: AppMetadata | undefined, port: number | undefined): string {
  // Upstream text is escaped; only Kiln's own {{ container.ip }} is interpolated.
  const up = escapeBraces;
  const lines: string[] = [];
  if (port) lines.push(`${up(ct.app)} answers on http://{{ container.ip }}:${port}/`);
  if (meta?.username || meta?.password) lines.push(up(`${NOTE_PREFIX.credentials}${meta.username ?? '(none)'} / ${meta.password ?? '(none)'} — change them.`));
  for (const n of meta?.notes ?? []) lines.push(up(`${NOTE_PREFIX.note}${n}`));
  if (meta?.website) lines.push(up(`${NOTE_PREFIX.website}${meta.website}`));
  lines.push(up(`Installed by the community helper scripts' ${helperScriptsPaths.install(ct.nsapp)}.`));
  // Cut whole lines, never in the middle of an escape.
  const out: string[] = [];
  for (const l of lines) if ([...out, l].join('\n').length <= 4000) out.push(l);
  return out.join('\n');
}

/** The template for one deployable app, or why there is none (not deployable, or malformed). */
export function helperAppTemplate(input: HelperAppInput): HelperAppResult {
  const reason = notDeployableReason(input);
  if (reason) return { ok: false, notDeployable: true, reason };
  const { ct, metadata } = input;
  const slug = (input.slug && slugOf(input.slug)) || slugOf(ct.nsapp);
  if (!slug) return { ok: false, notDeployable: false, reason: `APP "${ct.app}" gives no usable slug` };
  const os = ct.vars.os ?? 'debian';
  const version = ct.vars.version ?? (os === 'alpine' ? '3.22' : os === 'ubuntu' ? '24.04' : '12');
  const disk = positiveInt(ct.vars.disk, 4, 131_072);
  const unprivileged = ct.vars.unprivileged !== '0';
  const tags = tagsOf(ct.vars.tags);
  const port = metadata?.interfacePort;
  const doc = {
    apiVersion: 'kiln/v1',
    slug,
    name: truncate(metadata?.name ?? ct.app, 80),
    version: '1.0.0',
    description: truncate(metadata?.description?.trim() || `${ct.app}, installed by the community helper scripts (${input.ctPath}).`, 1000),
    icon: '📦',
    tags: [...tags.filter((t) => CATALOGUE_TAG.test(t)).slice(0, 11), 'helper-scripts'].filter((t, i, all) => all.indexOf(t) === i),
    os: { distribution: os, version },
    defaults: {
      cores: positiveInt(ct.vars.cpu, 1, 8192),
      memory: positiveInt(ct.vars.ram, 512, 4_194_304),
      disk,
      unprivileged,
      // build.func: nesting always, keyctl for unprivileged containers (Docker needs it), fuse on request.
      features: { nesting: true, keyctl: unprivileged, fuse: yes(ct.vars.fuse) },
      tags: tags.filter((t) => PVE_TAG.test(t)).slice(0, 20),
    },
    params: [
      {
        name: 'timezone',
        type: 'string',
        label: 'Time zone',
        help: 'The container’s time zone (tz for the install script), like Europe/Berlin.',
        default: 'UTC',
        validation: { max: 64, pattern: '[A-Za-z][A-Za-z0-9_+/-]*', message: 'must be a time zone name like Europe/Berlin or UTC' },
      },
    ],
    steps: [
      baseStep(os),
      { id: 'install-functions', type: 'file', title: 'Write the install functions', path: `${CATALOGUE_DIR}/install.func`, content: escapeBraces(input.functionsText), mode: '0644' },
      {
        id: 'install-script',
        type: 'file',
        title: `Write ${helperScriptsPaths.install(ct.nsapp)}`,
        path: `${CATALOGUE_DIR}/${ct.nsapp}-install.sh`,
        content: escapeBraces(input.installText),
        mode: '0755',
      },
      installStep(input, os, version, disk, unprivileged),
    ],
    // On the container's address (as PVE reports it), where the user will open the app: a daemon
    // listening on 127.0.0.1 only would pass a loopback check and still be unreachable.
    ...(port ? { healthcheck: { command: ['bash', '-c', `exec 3<>/dev/tcp/{{ container.ip }}/${port}`], interval: 5, retries: 24, timeout: 5 } } : {}),
    postInstall: postInstall(ct, metadata, port),
  };
  const r = validateTemplate(doc);
  if (!r.ok) return { ok: false, notDeployable: false, reason: `does not make a valid template: ${r.errors.map(formatIssue).join('; ')}` };
  return { ok: true, template: r.template };
}
