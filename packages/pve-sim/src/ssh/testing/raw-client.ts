/** A bare ssh2 client for tests of the simulated node (Kiln's real client is packages/ssh). */
import ssh2, { type ConnectConfig, type Client } from 'ssh2';

export interface RawResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function rawConnect(config: ConnectConfig): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.once('ready', () => resolve(c.setNoDelay(true)))
      .once('error', reject)
      .connect({ readyTimeout: 10_000, ...config });
  });
}

/** `readAfterMs`: read nothing for that long, like a slow client (the SSH window fills up). */
export function rawExec(client: Client, command: string, opts: { stdin?: string | Buffer; pty?: boolean; readAfterMs?: number } = {}): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, { pty: opts.pty ? { cols: 80, rows: 24, term: 'xterm' } : undefined }, (err, ch) => {
      if (err) return reject(err);
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      ch.on('data', (d: Buffer) => (stdout += d.toString()));
      ch.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      ch.on('exit', (c: number | null) => (code = c));
      ch.on('close', () => resolve({ code, stdout, stderr }));
      if (opts.readAfterMs) {
        ch.pause();
        setTimeout(() => ch.resume(), opts.readAfterMs);
      }
      ch.end(opts.stdin);
    });
  });
}
