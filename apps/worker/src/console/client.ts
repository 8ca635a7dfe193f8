import { WebSocket } from 'ws';

/**
 * A Node client of the console gateway, speaking the same protocol as the browser terminal.
 * Used by the integration tests and the benchmark; handy for scripted checks too.
 */
export class ConsoleClient {
  readonly ws: WebSocket;
  private output = '';
  private waiters: { re: RegExp | string; resolve: (s: string) => void }[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string; notices: Record<string, unknown>[] }>;
  readonly notices: Record<string, unknown>[] = [];

  constructor(url: string, opts: { origin?: string } = {}) {
    this.ws = new WebSocket(url, { headers: opts.origin ? { origin: opts.origin } : {}, perMessageDeflate: false });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), notices: this.notices }));
    });
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.output += Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
        this.check();
      } else {
        this.notices.push(JSON.parse(data.toString()) as Record<string, unknown>);
        this.check();
      }
    });
  }

  /** The close, or a rejection naming the wait if the gateway has not closed within `timeoutMs`. */
  closedWithin(timeoutMs: number): Promise<{ code: number; reason: string; notices: Record<string, unknown>[] }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the console was not closed within ${timeoutMs} ms; notices: ${JSON.stringify(this.notices)}`)), timeoutMs);
    });
    return Promise.race([this.closed, late]).finally(() => clearTimeout(timer));
  }

  auth(ticket: string, size = { cols: 100, rows: 30 }): void {
    this.ws.send(JSON.stringify({ type: 'auth', ticket, ...size }));
  }

  /** Resolves once the gateway says the terminal is open (rejects if it closes first). */
  async ready(): Promise<void> {
    await Promise.race([
      this.until(() => this.notices.some((n) => n['type'] === 'ready')),
      this.closed.then((c) => {
        throw new Error(`console closed before ready: ${c.code} ${c.reason} ${JSON.stringify(c.notices)}`);
      }),
    ]);
  }

  send(text: string): void {
    this.ws.send(Buffer.from(text, 'utf8'), { binary: true });
  }

  resize(cols: number, rows: number): void {
    this.ws.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  /** Terminal output so far (ANSI sequences included). */
  get text(): string {
    return this.output;
  }

  clear(): void {
    this.output = '';
  }

  /** Resolves when the output (since the last clear) matches. */
  waitFor(re: RegExp | string, timeoutMs = 15_000): Promise<string> {
    const hit = this.match(re);
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${String(re)}; got: ${JSON.stringify(this.output.slice(-500))}`)), timeoutMs);
      this.waiters.push({
        re,
        resolve: (s) => {
          clearTimeout(t);
          resolve(s);
        },
      });
    });
  }

  close(): void {
    this.ws.close();
  }

  private match(re: RegExp | string): string | undefined {
    if (typeof re === 'string') return this.output.includes(re) ? re : undefined;
    return re.exec(this.output)?.[0];
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      const hit = this.match(w.re);
      if (hit !== undefined) w.resolve(hit);
      return hit === undefined;
    });
  }

  private until(pred: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const tick = () => (pred() ? resolve() : setTimeout(tick, 10));
      tick();
    });
  }
}
