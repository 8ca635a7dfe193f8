/**
 * An interactive terminal session (`pct enter`) as a Duplex: write keystrokes, read the screen
 * output, resize when the browser terminal does. Holds one session slot until it ends.
 */
import { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';

export class PtySession extends Duplex {
  /** Resolves with the shell's exit code (null if the connection dropped) once the session has ended. */
  readonly exited: Promise<number | null>;

  constructor(
    private readonly channel: ClientChannel,
    onEnd: () => void,
  ) {
    super();
    let exitCode: number | null = null;
    this.exited = new Promise((resolve) => {
      channel.on('exit', (code: number | null) => {
        exitCode = typeof code === 'number' ? code : null;
      });
      channel.on('close', () => {
        onEnd();
        this.push(null);
        resolve(exitCode);
      });
    });
    const forward = (d: Buffer) => {
      if (!this.push(d)) channel.pause();
    };
    channel.on('data', forward);
    channel.stderr.on('data', forward);
    channel.on('error', (e: Error) => this.destroy(e));
  }

  /** Tell the remote terminal its new size (sends an SSH window-change request). */
  resize(cols: number, rows: number): void {
    this.channel.setWindow(Math.max(1, Math.floor(rows)), Math.max(1, Math.floor(cols)), 0, 0);
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.channel.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.channel.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.channel.close();
    callback(error);
  }
}
