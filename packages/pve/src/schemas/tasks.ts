import { z } from 'zod';
import { opt, pveInt } from './primitives';

const taskShape = {
  upid: z.string(),
  node: z.string(),
  pid: opt(pveInt),
  pstart: opt(pveInt),
  starttime: opt(pveInt),
  type: z.string(),
  id: opt(z.string()),
  user: z.string(),
  /** Set when a token started the task (the UPID's user part is then `user@realm!token`). */
  tokenid: opt(z.string()),
};

/**
 * PVE reports a token's task as `user: 'kiln@pve', tokenid: 'kiln'`; `authId` joins them back
 * (`kiln@pve!kiln`, as in the UPID), and equals `user` for tasks of plain users.
 */
function withAuthId<T extends { user: string; tokenid?: string | undefined }>(task: T): T & { authId: string } {
  return { ...task, authId: task.tokenid ? `${task.user}!${task.tokenid}` : task.user };
}

/** `/nodes/{node}/tasks`: `status` is the exit status text for finished tasks (`RUNNING` for active ones). */
export const taskListEntrySchema = z.object({ ...taskShape, status: opt(z.string()), endtime: opt(pveInt) }).transform(withAuthId);
export const taskListSchema = z.array(taskListEntrySchema);
export type PveTaskListEntry = z.infer<typeof taskListEntrySchema>;

export const taskStatusSchema = z
  .object({
    ...taskShape,
    status: z.string(), // running | stopped
    exitstatus: opt(z.string()),
  })
  .transform(withAuthId);
export type PveTaskStatus = z.infer<typeof taskStatusSchema>;

export const taskLogLineSchema = z.object({ n: pveInt, t: z.string() });
export const taskLogSchema = z.array(taskLogLineSchema);
export type PveTaskLogLine = z.infer<typeof taskLogLineSchema>;
