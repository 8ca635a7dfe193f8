/** Where a template may use `{{ }}`, and whether a secret may appear there. */
import type { Healthcheck, Step } from './schema/steps';

export type FieldPath = (string | number)[];

export interface TextField {
  path: FieldPath;
  text: string;
  /**
   * Only script `run` and file `content` travel on stdin. Everything else ends up in an argv
   * (package and service names, paths, healthcheck commands) or in front of a user (postInstall).
   */
  secretsAllowed: boolean;
}

function* stepFields(steps: readonly Step[], prefix: string): Generator<TextField> {
  for (const [i, step] of steps.entries()) {
    const at = (...rest: (string | number)[]): FieldPath => [prefix, i, ...rest];
    switch (step.type) {
      case 'script':
        yield { path: at('run'), text: step.run, secretsAllowed: true };
        break;
      case 'packages':
        for (const [j, name] of step.packages.entries()) yield { path: at('packages', j), text: name, secretsAllowed: false };
        break;
      case 'file':
        yield { path: at('path'), text: step.path, secretsAllowed: false };
        yield { path: at('content'), text: step.content, secretsAllowed: true };
        break;
      case 'service':
        yield { path: at('name'), text: step.name, secretsAllowed: false };
        break;
    }
  }
}

function* healthcheckFields(h: Healthcheck | undefined): Generator<TextField> {
  if (!h) return;
  if (typeof h.command === 'string') yield { path: ['healthcheck', 'command'], text: h.command, secretsAllowed: false };
  else if (h.command) {
    for (const [j, word] of h.command.entries()) yield { path: ['healthcheck', 'command', j], text: word, secretsAllowed: false };
  }
  if (h.http) {
    if (typeof h.http.port === 'string') yield { path: ['healthcheck', 'http', 'port'], text: h.http.port, secretsAllowed: false };
    yield { path: ['healthcheck', 'http', 'path'], text: h.http.path, secretsAllowed: false };
  }
}

/** Every field of a template that is interpolated when it is rendered. */
export function* templateTextFields(t: { steps: readonly Step[]; update: readonly Step[]; healthcheck?: Healthcheck | undefined; postInstall?: string | undefined }): Generator<TextField> {
  yield* stepFields(t.steps, 'steps');
  yield* stepFields(t.update, 'update');
  yield* healthcheckFields(t.healthcheck);
  if (t.postInstall !== undefined) yield { path: ['postInstall'], text: t.postInstall, secretsAllowed: false };
}

/** Variables every render context provides besides params. */
export const CONTAINER_VARIABLES = ['container.hostname', 'container.ip', 'container.vmid'] as const;
