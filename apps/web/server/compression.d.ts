// The `compression` middleware Next.js ships precompiled (no types of its own).
declare module 'next/dist/compiled/compression' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { ZlibOptions } from 'node:zlib';
  export default function compression(options?: ZlibOptions & { threshold?: number | string }): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}
