import type { StepType } from './schema/steps';

/** One command for `pct exec <vmid> -- argv...`. `stdin` (when set) is written, then EOF. */
export interface RenderedExec {
  /** Never holds a secret: secrets only ever travel in `stdin`. */
  argv: string[];
  stdin?: string;
}

/** A template step made concrete for one container. */
export interface RenderedStep {
  /** Stable key of the step in the provisioning job: `step:<id>` (install) or `update:<id>`. */
  key: string;
  id: string;
  type: StepType;
  title: string;
  timeoutMs: number;
  /** Whether the step may be run again after it failed (Retry resumes here). */
  retry: boolean;
  exec: RenderedExec;
}

export interface RenderedHealthcheck {
  key: 'healthcheck';
  title: string;
  exec: RenderedExec;
  /** Pause between attempts. */
  intervalMs: number;
  /** Attempts after the first before the check fails. */
  retries: number;
  /** Limit of one attempt. */
  timeoutMs: number;
}
