import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';

/** The path pveproxy writes an upload to; the simulator keeps it under `<dataDir>/var/tmp`. */
export const UPLOAD_TMP_PREFIX = '/var/tmp/pveupload-';

export function uploadTmpFile(dataDir: string, tmpfilename: string): string | undefined {
  const m = /^\/var\/tmp\/(pveupload-[0-9a-f]+)$/.exec(tmpfilename);
  return m?.[1] ? join(dataDir, 'var', 'tmp', m[1]) : undefined;
}

/** `parse_content_type`: the type and its `boundary` parameter (quotes are not removed). */
export function parseContentType(ctype: string): { ct: string | undefined; boundary: string | undefined } {
  const [ct, ...rest] = ctype.split(/\s*[;,]\s*/);
  const boundary = rest.map((v) => /^\s*boundary\s*=\s*(\S+?)\s*$/.exec(v)?.[1]).find((b) => b !== undefined);
  return { ct, boundary };
}

export class MultipartError extends Error {}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * pve-http-server's `file_upload_multipart`, phase by phase on the raw bytes (latin1 strings):
 * 0 skips to the first delimiter; 1 takes the `content`, `checksum-algorithm` and `checksum`
 * fields (in that order, before the file) and the file part, which must be named `filename`;
 * 2 streams the file to disk up to the closing delimiter. Anything else ends as "upload failed".
 */
export async function receiveMultipart(req: IncomingMessage, boundary: string, dataDir: string, query: Record<string, string | undefined>) {
  const dir = join(dataDir, 'var', 'tmp');
  mkdirSync(dir, { recursive: true });
  const name = `pveupload-${createHash('md5').update(randomBytes(16)).digest('hex')}`;
  const out = createWriteStream(join(dir, name));
  const delim = `--${esc(boundary)}\\r?\\n`;
  const closeRe = new RegExp(`^([\\s\\S]*?)(?:\\r?\\n)?--${esc(boundary)}--[\\s\\S]*$`);
  const boundlen = boundary.length + 8;
  const params: Record<string, string | undefined> = { ...query };
  let phase = 0;
  let buf = '';
  let bytes = 0;
  const write = (data: string): void => {
    bytes += data.length;
    out.write(Buffer.from(data, 'latin1'));
  };
  const field = (value: string): string => Buffer.from(value.trim(), 'latin1').toString('utf8');
  const assertFormData = (disposition: string): void => {
    if (disposition !== 'form-data') throw new MultipartError(`wrong Content-Disposition '${disposition}' in multipart, expected 'form-data'`);
  };
  const untilData = (): void => {
    buf = buf.replace(/^[\s\S]*?(?:\r?\n){2}/, '');
  };
  const step = (): void => {
    if (phase === 0) {
      const m = new RegExp(`^[\\s\\S]*?(${delim})`).exec(buf);
      if (m) {
        buf = buf.slice(m[0].length - (m[1]?.length ?? 0));
        phase = 1;
      }
    }
    if (phase === 1) {
      for (const key of ['content', 'checksum-algorithm', 'checksum']) {
        const m = new RegExp(`^${delim}[\\s\\S]*?Content-Disposition: ([\\s\\S]*?); name="${esc(key)}"([\\s\\S]*?${delim})`).exec(buf);
        if (!m) continue;
        assertFormData(m[1] ?? '');
        buf = (m[2] ?? '') + buf.slice(m[0].length);
        untilData();
        const v = new RegExp(`^([\\s\\S]*?)(${delim})`).exec(buf);
        if (v) {
          params[key] = field(v[1] ?? '');
          buf = buf.slice(v[1]?.length ?? 0);
        }
      }
      const f = new RegExp(`^${delim}Content-Disposition: ([\\s\\S]*?); name="([\\s\\S]*?)"; filename="([^"]+)"\\r?\\n`).exec(buf);
      if (f) {
        assertFormData(f[1] ?? '');
        if (f[2] !== 'filename') throw new MultipartError(`wrong field name '${f[2] ?? ''}' for file upload, expected 'filename'`);
        phase = 2;
        params['filename'] = field(f[3] ?? '');
        buf = buf.slice(f[0].length);
        untilData();
      }
    }
    if (phase === 2) {
      const end = closeRe.exec(buf);
      if (end) {
        write(end[1] ?? '');
        buf = '';
        phase = 100;
      } else if (buf.length > boundlen) {
        write(buf.slice(0, buf.length - boundlen));
        buf = buf.slice(buf.length - boundlen);
      }
    }
  };
  try {
    for await (const chunk of req) {
      if (phase === 100) continue; // trailing bytes after the closing delimiter
      buf += (chunk as Buffer).toString('latin1');
      step();
    }
    if (phase !== 100) throw new MultipartError('upload failed');
  } catch (err) {
    await new Promise<void>((resolve) => out.end(resolve));
    await rm(join(dir, name), { force: true }); // pveproxy's cleanup_reqstate
    throw err;
  }
  await new Promise<void>((resolve) => out.end(resolve));
  return { params: { ...params, tmpfilename: `${UPLOAD_TMP_PREFIX}${name.slice('pveupload-'.length)}` }, file: join(dir, name), bytes };
}
