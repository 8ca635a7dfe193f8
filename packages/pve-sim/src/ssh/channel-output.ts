/**
 * stdout and stderr of one session channel, written to ssh2 one chunk at a time.
 *
 * Why: ssh2 (1.17) keeps one "waiting for the client's window" slot per channel for stdout
 * (`_chunk`) and one for stderr (`_chunkErr`). When the window opens it resumes only one of them,
 * stdout first, and it never clears the slot of a write that finished. So stderr written while
 * stdout waits for the window (megabytes of output to a client that reads a little slower) is
 * never sent: its callback never fires, the exit status never follows, and the client hangs; a
 * stale stdout slot can even be sent twice. Writing one chunk at a time and clearing the slots
 * after each avoids both.
 */
import { finished } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type { ServerChannel } from 'ssh2';

interface WindowSlots {
  _chunk?: unknown;
  _chunkcb?: unknown;
  _chunkErr?: unknown;
  _chunkcbErr?: unknown;
}

export interface ChannelOutput {
  stdout: Writable;
  stderr: Writable;
  /** Ends both streams and resolves once everything written has gone out (or the channel closed). */
  finish(): Promise<void>;
}

export function channelOutput(channel: ServerChannel, opts: { mergeStderr: boolean }): ChannelOutput {
  let tail: Promise<void> = Promise.resolve();
  const closed = new Promise<void>((resolve) => channel.once('close', () => resolve()));
  const slots = channel as unknown as WindowSlots;

  const send = (target: Writable, chunk: Buffer) =>
    new Promise<void>((resolve) => {
      // ssh2 drops writes to a closed channel without calling back: do not wait for those.
      if (target.destroyed || !target.writable) return resolve();
      void closed.then(resolve);
      target.write(chunk, () => {
        slots._chunk = slots._chunkcb = slots._chunkErr = slots._chunkcbErr = undefined;
        resolve();
      });
    });

  const writer = (target: Writable) =>
    new Writable({
      highWaterMark: 256 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        tail = tail.then(() => send(target, chunk));
        void tail.then(() => callback());
      },
    });

  const stdout = writer(channel);
  const stderr = opts.mergeStderr ? stdout : writer(channel.stderr);
  return {
    stdout,
    stderr,
    async finish() {
      const streams = stdout === stderr ? [stdout] : [stdout, stderr];
      for (const s of streams) s.end();
      await Promise.all(streams.map((s) => finished(s).catch(() => undefined)));
    },
  };
}
