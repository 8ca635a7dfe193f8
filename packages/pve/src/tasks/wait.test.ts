import { describe, expect, it } from 'vitest';
import { PveError } from '../errors';
import type { PveTaskLogLine, PveTaskStatus } from '../schemas/tasks';
import { isTaskSuccess, waitForTask, type TaskApi } from './wait';

const UPID = 'UPID:pve1:0001A2B3:00C0FFEE:67A1B2C3:vzcreate:105:kiln@pve!kiln:';

/** A scripted task: the log grows by the given lines on each status poll, then stops. */
function scriptedTask(steps: string[][], exitstatus: string, options: { emptyPlaceholder?: boolean } = {}): TaskApi & { logCalls: number } {
  const log: string[] = [];
  let polls = 0;
  const api = {
    logCalls: 0,
    async taskStatus(): Promise<PveTaskStatus> {
      const step = steps[polls];
      if (step) log.push(...step);
      polls++;
      const done = polls >= steps.length;
      return {
        upid: UPID,
        node: 'pve1',
        type: 'vzcreate',
        user: 'kiln@pve',
        id: '105',
        pid: 1,
        pstart: 1,
        starttime: 1,
        tokenid: undefined,
        status: done ? 'stopped' : 'running',
        exitstatus: done ? exitstatus : undefined,
        authId: 'kiln@pve!kiln',
      };
    },
    async taskLog(_node: string, _upid: string, o: { start: number; limit: number }): Promise<PveTaskLogLine[]> {
      api.logCalls++;
      if (log.length === 0 && options.emptyPlaceholder) return [{ n: 1, t: 'no content' }];
      return log.slice(o.start, o.start + o.limit).map((t, i) => ({ n: o.start + i + 1, t }));
    },
  };
  return api;
}

describe('waitForTask', () => {
  it('streams each log line once, in order, and resolves on OK', async () => {
    const api = scriptedTask([['a', 'b'], [], ['c'], ['d', 'TASK OK']], 'OK');
    const seen: Array<[string, number]> = [];
    const result = await waitForTask(api, 'pve1', UPID, { pollInterval: 50, onLog: (t, n) => seen.push([t, n]) });
    expect(seen).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['TASK OK', 5],
    ]);
    expect(result).toMatchObject({ exitstatus: 'OK', warnings: 0, upid: UPID, node: 'pve1' });
  });

  it('treats WARNINGS: n as success and reports the count', async () => {
    const result = await waitForTask(scriptedTask([['w'], ['TASK WARNINGS: 2']], 'WARNINGS: 2'), 'pve1', UPID, { pollInterval: 50 });
    expect(result.warnings).toBe(2);
  });

  it('ignores the "no content" placeholder of an empty log', async () => {
    const seen: string[] = [];
    await waitForTask(scriptedTask([[], [], ['real line']], 'OK', { emptyPlaceholder: true }), 'pve1', UPID, {
      pollInterval: 50,
      onLog: (t) => seen.push(t),
    });
    expect(seen).toEqual(['real line']);
  });

  it('throws task-failed with the exit status and the log tail', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    try {
      await waitForTask(scriptedTask([lines, ['TASK ERROR: unable to create CT 105 - boom']], 'unable to create CT 105 - boom'), 'pve1', UPID, {
        pollInterval: 50,
        logTailLines: 5,
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PveError);
      const err = e as PveError;
      expect(err.kind).toBe('task-failed');
      expect(err.task?.exitstatus).toBe('unable to create CT 105 - boom');
      expect(err.task?.logTail).toEqual(['line 27', 'line 28', 'line 29', 'line 30', 'TASK ERROR: unable to create CT 105 - boom']);
      expect(err.userMessage).toContain('boom');
    }
  });

  it('gives up with kind timeout when the task outlives the deadline', async () => {
    const endless: TaskApi = {
      taskStatus: async () => ({
        upid: UPID,
        node: 'pve1',
        type: 'vzstop',
        user: 'u@pve',
        status: 'running',
        id: undefined,
        pid: undefined,
        pstart: undefined,
        starttime: undefined,
        tokenid: undefined,
        exitstatus: undefined,
        authId: 'u@pve',
      }),
      taskLog: async () => [],
    };
    await expect(waitForTask(endless, 'pve1', UPID, { timeout: 120, pollInterval: 50 })).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('stops when the signal aborts, with the signal reason', async () => {
    const endless = scriptedTask(
      Array.from({ length: 1000 }, () => []),
      'OK',
    );
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    setTimeout(() => controller.abort(reason), 30);
    await expect(waitForTask(endless, 'pve1', UPID, { signal: controller.signal, pollInterval: 50 })).rejects.toBe(reason);
  });
});

describe('isTaskSuccess', () => {
  it('accepts OK and WARNINGS: n only', () => {
    expect(isTaskSuccess('OK')).toBe(true);
    expect(isTaskSuccess('WARNINGS: 3')).toBe(true);
    expect(isTaskSuccess('WARNINGS: x')).toBe(false);
    expect(isTaskSuccess('command failed')).toBe(false);
    expect(isTaskSuccess(undefined)).toBe(false);
  });
});
