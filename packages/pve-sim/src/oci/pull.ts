import { createHash } from 'node:crypto';
import { canonicalReference, registryBaseUrl, type OciReference } from './reference';
import { tarArchive } from './tar';

/**
 * What `skopeo copy docker://<ref> oci-archive:<file>` does for PVE's `oci-registry-pull`, over the
 * OCI distribution API: the manifest (an index is resolved to the node's platform), the config
 * and every layer blob, each checked against its digest. Errors carry containers/image's texts.
 */
export class OciPullError extends Error {}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}
interface Manifest {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

export interface PullOptions {
  /** `amd64` (the node's). */
  arch: string;
  log: (line: string) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The network failure as Go's net package words it (`dial tcp host:port: connect: connection refused`). */
function dialError(registry: string, url: string, err: unknown): OciPullError {
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code ?? '';
  const host = registry.replace(/:\d+$/, '');
  const why =
    code === 'ECONNREFUSED'
      ? `dial tcp ${registry}: connect: connection refused`
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `dial tcp: lookup ${host}: no such host`
        : (err as Error).name === 'TimeoutError'
          ? `dial tcp ${registry}: i/o timeout`
          : `${(err as Error).message}${code ? ` (${code})` : ''}`;
  return new OciPullError(`pinging container registry ${registry}: Get "${url}": ${why}`);
}

class Registry {
  private token: string | undefined;
  constructor(
    private readonly ref: OciReference,
    private readonly opts: PullOptions,
  ) {}

  private get base(): string {
    return registryBaseUrl(this.ref.registry);
  }

  async get(path: string, accept?: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
    const url = `${this.base}${path}`;
    const call = async () => {
      const headers: Record<string, string> = { 'user-agent': 'skopeo/1.18.0' };
      if (accept) headers['accept'] = accept;
      if (this.token) headers['authorization'] = `Bearer ${this.token}`;
      const signals = [AbortSignal.timeout(this.opts.timeoutMs ?? 60_000), ...(this.opts.signal ? [this.opts.signal] : [])];
      let res: Response;
      try {
        res = await fetch(url, { headers, signal: AbortSignal.any(signals), redirect: 'follow' });
      } catch (err) {
        throw dialError(this.ref.registry, `${this.base}/v2/`, err);
      }
      return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
    };
    let res = await call();
    if (res.status === 401 && !this.token) {
      const challenge = res.headers.get('www-authenticate') ?? '';
      if (/^bearer /i.test(challenge)) {
        this.token = await this.bearer(challenge);
        res = await call();
      }
    }
    return res;
  }

  /** The anonymous token flow Docker Hub and most registries ask for. */
  private async bearer(challenge: string): Promise<string | undefined> {
    const fields = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!fields['realm']) return undefined;
    const url = new URL(fields['realm']);
    if (fields['service']) url.searchParams.set('service', fields['service']);
    url.searchParams.set('scope', fields['scope'] ?? `repository:${this.ref.repository}:pull`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000) });
      if (!res.ok) return undefined;
      const json = (await res.json()) as { token?: string; access_token?: string };
      return json.token ?? json.access_token;
    } catch {
      return undefined;
    }
  }
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** The registry's error code (`MANIFEST_UNKNOWN`) in containers/image's words. */
function registryError(body: Buffer, status: number): string {
  try {
    const first = (JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: string; message?: string }> }).errors?.[0];
    if (first?.code === 'MANIFEST_UNKNOWN') return 'manifest unknown';
    if (first?.code === 'NAME_UNKNOWN') return 'repository name not known to registry';
    if (first?.code === 'UNAUTHORIZED' || first?.code === 'DENIED') return 'requested access to the resource is denied';
    if (first?.message) return first.message;
  } catch {
    // not JSON: the status says it
  }
  if (status === 404) return 'manifest unknown';
  if (status === 401 || status === 403) return 'requested access to the resource is denied';
  return `StatusCode: ${status}, ${body.toString('utf8').slice(0, 200)}`;
}

/** Pulls `ref` and returns the image as an `oci-archive` (a tar of an OCI image layout). */
export async function pullOciImage(ref: OciReference, opts: PullOptions): Promise<Buffer> {
  const canonical = canonicalReference(ref);
  const reg = new Registry(ref, opts);
  const source = `docker://${canonical}`;
  const manifestAt = async (tagOrDigest: string) => {
    const res = await reg.get(`/v2/${ref.repository}/manifests/${tagOrDigest}`, MANIFEST_TYPES).catch((e: unknown) => {
      throw new OciPullError(`initializing source ${source}: ${(e as Error).message}`);
    });
    if (res.status !== 200) {
      throw new OciPullError(`initializing source ${source}: reading manifest ${tagOrDigest} in ${ref.registry}/${ref.repository}: ${registryError(res.body, res.status)}`);
    }
    const type = res.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    let manifest: Manifest;
    try {
      manifest = JSON.parse(res.body.toString('utf8')) as Manifest;
    } catch {
      throw new OciPullError(`initializing source ${source}: unsupported manifest type "${type}"`);
    }
    return { body: res.body, type: manifest.mediaType ?? type, manifest };
  };
  let top = await manifestAt(ref.tag);
  if (INDEX_TYPES.has(top.type) || top.manifest.manifests) {
    const pick = top.manifest.manifests?.find((m) => (m.platform?.os ?? 'linux') === 'linux' && m.platform?.architecture === opts.arch);
    if (!pick) throw new OciPullError(`choosing an image from manifest list ${source}: no image found in image index for architecture "${opts.arch}", variant "", OS "linux"`);
    top = await manifestAt(pick.digest);
  }
  const { manifest } = top;
  if (!manifest.config || !manifest.layers) throw new OciPullError(`initializing source ${source}: unsupported manifest type "${top.type}"`);
  opts.log('Getting image source signatures');
  const blobs: Array<{ name: string; data: Buffer }> = [];
  const fetchBlob = async (d: Descriptor, what: 'blob' | 'config') => {
    opts.log(`Copying ${what} ${d.digest}`);
    const res = await reg.get(`/v2/${ref.repository}/blobs/${d.digest}`);
    if (res.status !== 200) throw new OciPullError(`copying system image from manifest list: reading blob ${d.digest}: ${registryError(res.body, res.status)}`);
    const got = sha256(res.body);
    if (got !== d.digest) throw new OciPullError(`writing blob: storing blob to file: Digest did not match, expected ${d.digest}, got ${got}`);
    blobs.push({ name: `blobs/sha256/${d.digest.slice('sha256:'.length)}`, data: res.body });
  };
  for (const layer of manifest.layers) await fetchBlob(layer, 'blob');
  await fetchBlob(manifest.config, 'config');
  opts.log('Writing manifest to image destination');
  const manifestBody = top.body;
  const manifestDigest = sha256(manifestBody);
  const index = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: manifestDigest,
        size: manifestBody.length,
        annotations: { 'org.opencontainers.image.ref.name': ref.tag },
      },
    ],
  };
  return tarArchive([
    { name: 'oci-layout', data: Buffer.from('{"imageLayoutVersion": "1.0.0"}') },
    { name: 'index.json', data: Buffer.from(JSON.stringify(index)) },
    { name: `blobs/sha256/${manifestDigest.slice('sha256:'.length)}`, data: manifestBody },
    ...blobs,
  ]);
}
