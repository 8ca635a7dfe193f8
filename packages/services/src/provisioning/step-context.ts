import type { Logger } from '@kiln/core';
import type { Container, ContainerStep, Db, Node, Prisma } from '@kiln/db';
import type { PveClient } from '@kiln/pve';
import type { Redis } from '@kiln/redis';
import type { NodeSsh, OutputStream } from '@kiln/ssh';
import type { CreationSpec } from './spec';
import type { RenderedPlan } from './render';

export interface StepResult {
  data?: Prisma.InputJsonValue;
  exitCode?: number;
  outputTail?: string;
}

/** Everything a step handler may use. Handlers must be safe to run again after a crash. */
export interface StepContext {
  db: Db;
  redis: Redis;
  log: Logger;
  container: Container;
  node: Node;
  pve: PveClient;
  /** Null when the node has no working SSH (creation is refused before that, at review). */
  ssh: NodeSsh | null;
  spec: CreationSpec;
  step: ContainerStep;
  /** Fires on worker shutdown: a step checkpoints and stops. */
  signal: AbortSignal;
  /** Saves progress of this step immediately (e.g. a UPID), so a crash can pick it up. */
  checkpoint(data: Prisma.InputJsonValue): Promise<void>;
  /** Streams output of the running step to the progress page (secrets redacted here). */
  output(text: string, stream?: OutputStream): void;
  /** Results of earlier steps: the resolved OS template, the IP address. */
  facts: { ostemplate?: string; ip?: string };
  /** The template's own steps and healthcheck, rendered for this container. */
  plan(): RenderedPlan;
}
