import http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Body bytes written before the answer arrived. */
  sentBeforeAnswer: number;
}

/**
 * POSTs `totalBytes` in 64 KiB chunks (chunked transfer encoding, no Content-Length) and resolves
 * with the first answer, which a server that limits bodies sends before the upload is done.
 */
export function streamPost(baseUrl: string, pathname: string, headers: Record<string, string>, totalBytes: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(new URL(pathname, baseUrl), { method: 'POST', headers }, (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), sentBeforeAnswer }));
      res.on('error', reject);
    });
    // Writing into a connection the server closed after answering fails: that is the point.
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (sent < totalBytes && !answered && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}
