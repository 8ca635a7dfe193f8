/**
 * The community helper scripts' layout, read statically: `ct/<app>.sh` carries APP and the
 * `var_*` defaults, `install/<nsapp>-install.sh` runs inside the container. Nothing here runs a
 * script; it reads assignments and looks for prompts. See docs/catalogue-sources.md.
 */

/** The defaults a `ct/<app>.sh` declares (raw text; the template builder checks and converts them). */
export interface CtScript {
  /** `APP="Uptime Kuma"` */
  app: string;
  /** build.func's NSAPP: APP lowercased, spaces removed (names the install script). */
  nsapp: string;
  vars: Partial<Record<CtVar, string>>;
}

export const CT_VARS = ['cpu', 'ram', 'disk', 'os', 'version', 'unprivileged', 'tags', 'arm64', 'gpu', 'fuse', 'tun'] as const;
export type CtVar = (typeof CT_VARS)[number];

export type CtParseResult = { ok: true; script: CtScript } | { ok: false; error: string };

/** The OSes Kiln can start a helper-scripts app on (build.func's own list minus the rare ones). */
export const HELPER_SCRIPTS_OSES = ['debian', 'ubuntu', 'alpine'] as const;

const ASSIGNMENT = /^\s*(?:export\s+)?(APP|var_[a-z0-9_]+)=(.*)$/;

/**
 * The value of one shell assignment as the script would see it when nothing overrides it:
 * `"${var_cpu:-2}"` -> `2`, `"2"` -> `2`, `'x'` -> `x`, `2 # comment` -> `2`. Undefined for
 * anything computed at run time (`$(...)`, backticks, other variables), which static reading cannot know.
 */
export function assignedValue(raw: string): string | undefined {
  let v = raw.trim();
  const quote = v[0];
  if (quote === '"' || quote === "'") {
    const end = v.indexOf(quote, 1);
    if (end < 0) return undefined;
    v = v.slice(1, end);
  } else {
    v = v.replace(/\s+#.*$/, '').trim();
    if (/\s/.test(v)) return undefined;
  }
  const fallback = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(.*)\}$/.exec(v);
  if (fallback) v = fallback[1] ?? '';
  if (/[`$]/.test(v)) return undefined;
  return v;
}

/** build.func's `NSAPP=$(echo "${APP,,}" | tr -d ' ')`. */
export function nsappOf(app: string): string {
  return app.toLowerCase().replace(/ /g, '');
}

export function parseCtScript(text: string): CtParseResult {
  let app: string | undefined;
  const vars: CtScript['vars'] = {};
  for (const line of text.split('\n')) {
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const [, name = '', raw = ''] = m;
    const value = assignedValue(raw);
    if (value === undefined) continue;
    if (name === 'APP') {
      app ??= value;
      continue;
    }
    const key = name.slice(4) as CtVar;
    if ((CT_VARS as readonly string[]).includes(key) && vars[key] === undefined) vars[key] = value;
  }
  if (!app?.trim()) return { ok: false, error: 'no APP="…" assignment: not a helper-scripts container script' };
  if (/[/\\\0]/.test(app) || app.length > 80) return { ok: false, error: `APP "${app.slice(0, 80)}" is not a usable app name` };
  return { ok: true, script: { app: app.trim(), nsapp: nsappOf(app.trim()), vars } };
}

/** Reads from the terminal: `read -p`/`-rp`, or a whiptail/dialog box. */
const PROMPT = /(^|[;&|({]\s*|\b(?:if|then|do|else|!)\s+)(read\b[^\n;|&]*|whiptail\b|dialog\b)/;
/** A prompt that cannot hang or fail without a terminal: a timeout, or a fallback when it fails. */
const NON_INTERACTIVE = /\bread\b[^\n]*\s-[a-zA-Z]*t\s*\d|\|\|\s*(?:true|:|[A-Za-z_][A-Za-z0-9_]*=)/;

/**
 * Why an install script cannot run without a terminal, or undefined. Kiln runs it with stdin from
 * /dev/null: a `read -p` there fails (and the script's error trap stops it half-way), so such a
 * script is listed as not deployable instead. A `read` with a timeout (`-t`) or a fallback
 * (`|| true`, `|| VAR=default`) is fine, and so is a `read` that reads a file or a pipe
 * (`while read -r line; do … done < file`: no `-p`).
 */
export function interactiveProblem(installText: string): string | undefined {
  const lines = installText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/^\s*#.*$/, '');
    const m = PROMPT.exec(line);
    if (!m) continue;
    const call = m[2] ?? '';
    const isRead = call.startsWith('read');
    if (isRead && !/\s-[a-zA-Z]*p/.test(call)) continue;
    if (NON_INTERACTIVE.test(line)) continue;
    const what = isRead ? 'asks a question with read -p' : `opens a ${call.split(/\s/)[0]} dialog`;
    return `the install script ${what} (line ${i + 1}) and has no non-interactive default`;
  }
  return undefined;
}

/** Paths of the layout, from an app's NSAPP. */
export const helperScriptsPaths = {
  install: (nsapp: string) => `install/${nsapp}-install.sh`,
  metadata: (slug: string) => `frontend/public/json/${slug}.json`,
  /** A record of the metadata database, as the worker hands it to the parser (never a file of the repository). */
  metadataDb: (slug: string) => `@db/${slug}.json`,
  functions: (os: string) => (os === 'alpine' ? 'misc/alpine-install.func' : 'misc/install.func'),
};

/**
 * Entries of the tree that are listed but never deployable, with the reason (by their place in
 * the layout). `ct/*.sh` files are the candidates and get undefined.
 */
export function layoutProblem(path: string): string | undefined {
  if (/^vm\/[^/]+\.sh$/.test(path)) return 'a virtual machine script: Kiln deploys LXC containers only';
  if (/^tools\/.+\.sh$/.test(path)) return 'a host tool or addon: it runs on the Proxmox host, which Kiln never does';
  if (/^turnkey\/.+\.sh$/.test(path)) return 'a TurnKey appliance script: it asks for its settings interactively';
  return undefined;
}
