import type { Step } from './schema/steps';

const truncate = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A step's human title: its own `title`, else one made from what it does. The template page
 * calls it with the raw step, the renderer with the interpolated names, so both read the same.
 */
export function stepTitle(step: Step, rendered: { packages?: readonly string[]; path?: string; name?: string } = {}): string {
  if (step.title) return step.title;
  switch (step.type) {
    case 'script':
      return `Run ${step.id}`;
    case 'packages':
      return truncate(`Install ${(rendered.packages ?? step.packages).join(', ')}`);
    case 'file':
      return truncate(`Write ${rendered.path ?? step.path}`);
    case 'service': {
      const action = !step.start ? 'stop' : step.restart ? 'restart' : 'start';
      return `${step.enable ? 'Enable' : 'Disable'} and ${action} ${rendered.name ?? step.name}`;
    }
  }
}
