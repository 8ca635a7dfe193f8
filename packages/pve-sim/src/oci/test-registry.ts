import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny OCI distribution registry for tests (plain HTTP on 127.0.0.1): `GET /v2/`, manifests by
 * tag or digest and blobs by digest, with the registry's JSON errors (`MANIFEST_UNKNOWN`). Images
 * are pushed in memory with `addImage`; `requests` records what a pull asked for.
 */
export interface TestRegistry {
  /** `127.0.0.1:<port>`: the registry part of a reference. */
  host: string;
  addImage(repository: string, tag: string, opts?: { layerBytes?: number; asIndex?: boolean; arch?: string }): { digest: string; size: number };
  /** Serve a wrong blob for this digest (a corrupt download). */
  corruptBlob(digest: string): void;
  requests: string[];
  close(): Promise<void>;
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export async function startTestRegistry(): Promise<TestRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { type: string; body: Buffer }>();
  const corrupt = new Set<string>();
  const requests: string[] = [];
  const put = (b: Buffer) => {
    const d = sha(b);
    blobs.set(d, b);
    return { digest: d, size: b.length };
  };
  const error = (res: http.ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' });
    res.end(JSON.stringify({ errors: [{ code, message }] }));
  };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(`${req.method} ${url}`);
    if (url === '/v2/' || url === '/v2') {
      res.writeHead(200, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' });
      res.end('{}');
      return;
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url);
    if (!m || req.method !== 'GET') return error(res, 404, 'NOT_FOUND', 'not found');
    const [, repo = '', kind, ref = ''] = m;
    if (kind === 'manifests') {
      const found = manifests.get(`${repo}@${ref}`);
      if (!found) return error(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
      res.writeHead(200, { 'content-type': found.type, 'docker-content-digest': sha(found.body) });
      res.end(found.body);
      return;
    }
    const blob = blobs.get(ref);
    if (!blob) return error(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(corrupt.has(ref) ? Buffer.concat([blob, Buffer.from('x')]) : blob);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    addImage(repository, tag, opts = {}) {
      const arch = opts.arch ?? 'amd64';
      const layer = put(randomBytes(opts.layerBytes ?? 2048));
      const config = put(Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: OCI_MANIFEST,
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
        }),
      );
      const mDigest = sha(manifest);
      manifests.set(`${repository}@${mDigest}`, { type: OCI_MANIFEST, body: manifest });
      if (!opts.asIndex) {
        manifests.set(`${repository}@${tag}`, { type: OCI_MANIFEST, body: manifest });
        return { digest: mDigest, size: manifest.length };
      }
      const index = Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: mDigest, size: manifest.length, platform: { os: 'linux', architecture: arch } }] }),
      );
      manifests.set(`${repository}@${tag}`, { type: OCI_INDEX, body: index });
      return { digest: sha(index), size: index.length };
    },
    corruptBlob(digest) {
      corrupt.add(digest);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
