import type { HttpMethod } from '../schema/types';
import type { Sim } from '../sim';

export interface HandlerContext {
  sim: Sim;
  /** The authenticated token id (`user@realm!token`). */
  authid: string;
  /** Validated parameters (URI + query + body) as strings; booleans are `1`/`0`. */
  params: Readonly<Record<string, string>>;
  /** Sets the envelope's `total` (task lists, task logs). */
  setTotal(n: number): void;
}

export interface Route {
  method: HttpMethod;
  /** Schema path template, e.g. `/nodes/{node}/lxc/{vmid}/config`. */
  path: string;
  handle(ctx: HandlerContext): unknown;
}

/** Typed parameter readers (values were validated against the schema already). */
export const intParam = (p: Readonly<Record<string, string>>, key: string): number | undefined => (p[key] === undefined ? undefined : parseInt(p[key] ?? '', 10));

export const boolParam = (p: Readonly<Record<string, string>>, key: string): boolean => p[key] === '1';

/**
 * A handler's `{ download => { fh, 'content-type', ... } }`: pve-http-server sends the file itself
 * instead of the JSON envelope (only for methods with `download_allowed`).
 */
export class FileDownload {
  constructor(
    readonly body: Buffer,
    readonly contentType: string,
    readonly disposition?: string,
    readonly encoding?: 'gzip',
  ) {}
}
