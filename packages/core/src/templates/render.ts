/**
 * Turn a validated template plus resolved params into the exact commands a worker runs (pure).
 * Secrets can only reach a step's stdin: argv-bound fields are interpolated from a context that
 * does not hold them, and every argv is checked once more before it is returned.
 */
import { fileExec, httpCheckExec, isKilnProgram, packagesExec, scriptExec, serviceExec } from './commands';
import { InterpolationError, RenderError } from './errors';
import { interpolate, type RenderContext } from './interpolate';
import { DEBIAN_PACKAGE, DEBIAN_PACKAGE_MESSAGE, UNIT_NAME, UNIT_NAME_MESSAGE } from './names';
import type { RenderedExec, RenderedHealthcheck, RenderedStep } from './render-types';
import { pathProblem } from './schema/checks';
import type { Step } from './schema/steps';
import { stepTitle } from './step-title';
import type { Template } from './schema/template';

export type RenderPhase = 'install' | 'update';

/** The secret values among a render context's params. */
export function secretValues(template: Pick<Template, 'params'>, ctx: RenderContext): string[] {
  return template.params
    .filter((p) => p.type === 'secret')
    .map((p) => String(ctx.params[p.name] ?? ''))
    .filter((v) => v !== '');
}

/** The context for fields that end up in argv or on screen: the same, minus secret params. */
function publicContext(template: Pick<Template, 'params'>, ctx: RenderContext): RenderContext {
  const secret = new Set(template.params.filter((p) => p.type === 'secret').map((p) => p.name));
  return { ...ctx, params: Object.fromEntries(Object.entries(ctx.params).filter(([k]) => !secret.has(k))) };
}

/** Secrets shorter than this could collide with ordinary words; the structure above guards them. */
const MIN_CHECKED_SECRET = 6;

/** Defence in depth: the schema and publicContext already keep secrets out of argv. */
function assertNoSecrets(exec: RenderedExec, secrets: readonly string[], where: string): RenderedExec {
  const values = exec.argv.filter((a) => !isKilnProgram(a));
  for (const s of secrets) {
    if (s.length >= MIN_CHECKED_SECRET && values.some((a) => a.includes(s))) {
      throw new RenderError(`${where}: a secret would appear in a command line; refusing to run it`);
    }
  }
  return exec;
}

function checked(value: string, ok: boolean, where: string, message: string): string {
  if (!ok) throw new RenderError(`${where}: "${value}" ${message}`);
  return value;
}

/** interpolate, with the field named in the error (`steps[3].run: Unknown variable: ...`). */
function fill(text: string, ctx: RenderContext, where: string): string {
  try {
    return interpolate(text, ctx);
  } catch (e) {
    if (e instanceof InterpolationError) throw new InterpolationError(e.variables, `${where}: ${e.message}`);
    throw e;
  }
}

const truncate = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function renderStep(step: Step, where: string, ctx: RenderContext, pub: RenderContext, firstPackages: boolean): { title: string; exec: RenderedExec } {
  switch (step.type) {
    case 'script':
      return { title: stepTitle(step), exec: scriptExec(step.shell, `kiln-step-${step.id}`, fill(step.run, ctx, `${where}.run`)) };
    case 'packages': {
      const names = step.packages.map((p, j) => {
        const name = fill(p, pub, `${where}.packages[${j}]`);
        return checked(name, DEBIAN_PACKAGE.test(name), `${where}.packages[${j}]`, DEBIAN_PACKAGE_MESSAGE);
      });
      return { title: stepTitle(step, { packages: names }), exec: packagesExec(names, firstPackages) };
    }
    case 'file': {
      const path = fill(step.path, pub, `${where}.path`);
      const problem = pathProblem(path);
      if (problem) throw new RenderError(`${where}.path: "${path}" ${problem}`);
      return { title: stepTitle(step, { path }), exec: fileExec(path, step.mode, step.owner, fill(step.content, ctx, `${where}.content`)) };
    }
    case 'service': {
      const name = fill(step.name, pub, `${where}.name`);
      checked(name, UNIT_NAME.test(name), `${where}.name`, UNIT_NAME_MESSAGE);
      const action = !step.start ? 'stop' : step.restart ? 'restart' : 'start';
      return { title: stepTitle(step, { name }), exec: serviceExec(name, step.enable, action) };
    }
  }
}

/**
 * The steps of one phase, in order. `apt-get update` runs once, in the phase's first packages
 * step. Throws InterpolationError / RenderError when a value cannot be rendered.
 */
export function renderSteps(template: Template, ctx: RenderContext, options: { phase?: RenderPhase } = {}): RenderedStep[] {
  const phase = options.phase ?? 'install';
  const steps = phase === 'install' ? template.steps : template.update;
  const prefix = phase === 'install' ? 'steps' : 'update';
  const keyPrefix = phase === 'install' ? 'step' : 'update';
  const pub = publicContext(template, ctx);
  const secrets = secretValues(template, ctx);
  let updated = false;
  return steps.map((step, i) => {
    const where = `${prefix}[${i}]`;
    const first = step.type === 'packages' && !updated;
    if (first) updated = true;
    const { title, exec } = renderStep(step, where, ctx, pub, first);
    return {
      key: `${keyPrefix}:${step.id}`,
      id: step.id,
      type: step.type,
      title,
      timeoutMs: step.timeout * 1000,
      retry: step.retry,
      exec: assertNoSecrets(exec, secrets, where),
    };
  });
}

/** The healthcheck as one exec the worker repeats, or undefined when the template has none. */
export function renderHealthcheck(template: Template, ctx: RenderContext): RenderedHealthcheck | undefined {
  const h = template.healthcheck;
  if (!h) return undefined;
  const pub = publicContext(template, ctx);
  let exec: RenderedExec;
  let title: string;
  if (h.http) {
    const portText = typeof h.http.port === 'number' ? String(h.http.port) : fill(h.http.port, pub, 'healthcheck.http.port');
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65_535) {
      throw new RenderError(`healthcheck.http.port: "${portText}" is not a port number`);
    }
    const path = fill(h.http.path, pub, 'healthcheck.http.path');
    exec = httpCheckExec(port, path, h.timeout);
    title = `HTTP check on port ${port}${path}`;
  } else if (typeof h.command === 'string') {
    exec = scriptExec('sh', 'kiln-healthcheck', fill(h.command, pub, 'healthcheck.command'));
    title = 'Health check';
  } else {
    exec = { argv: (h.command ?? []).map((w, j) => fill(w, pub, `healthcheck.command[${j}]`)) };
    title = truncate(`Health check: ${exec.argv.join(' ')}`);
  }
  return {
    key: 'healthcheck',
    title,
    exec: assertNoSecrets(exec, secretValues(template, ctx), 'healthcheck'),
    intervalMs: h.interval * 1000,
    retries: h.retries,
    timeoutMs: h.timeout * 1000,
  };
}

/** The post-install note for the user (secrets are never part of it). */
export function renderPostInstall(template: Template, ctx: RenderContext): string | undefined {
  return template.postInstall === undefined ? undefined : fill(template.postInstall, publicContext(template, ctx), 'postInstall');
}
