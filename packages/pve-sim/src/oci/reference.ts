/**
 * OCI image references as `skopeo copy docker://<reference>` reads them: an optional registry host
 * (with a port), a repository path and a tag. Docker Hub is the default registry, and its
 * single-name repositories live under `library/`.
 */
export interface OciReference {
  /** `localhost:5000`, `ghcr.io`, `docker.io`. */
  registry: string;
  /** `library/alpine`, `org/app`. */
  repository: string;
  tag: string;
}

export const DOCKER_HUB = 'docker.io';

export function parseOciReference(reference: string): OciReference {
  const colon = reference.lastIndexOf(':');
  const slash = reference.lastIndexOf('/');
  const tag = colon > slash ? reference.slice(colon + 1) : 'latest';
  const path = colon > slash ? reference.slice(0, colon) : reference;
  const parts = path.split('/');
  const first = parts[0] ?? '';
  // a first component with a dot or a port, or `localhost`, names a registry (docker's rule)
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasHost ? first : DOCKER_HUB;
  let repository = (hasHost ? parts.slice(1) : parts).join('/');
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository, tag };
}

/** `docker.io/library/alpine:3.22` for the log and error texts, as containers/image prints them. */
export function canonicalReference(ref: OciReference): string {
  return `${ref.registry}/${ref.repository}:${ref.tag}`;
}

/**
 * The registry's base URL: Docker Hub's API host, plain HTTP for loopback registries (what
 * docker and containers/image treat as insecure by default), HTTPS otherwise.
 */
export function registryBaseUrl(registry: string): string {
  if (registry === DOCKER_HUB) return 'https://registry-1.docker.io';
  const host = registry.replace(/:\d+$/, '');
  const loopback = host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
  return `${loopback ? 'http' : 'https'}://${registry}`;
}

/**
 * The file the pulled image is stored as: the given name or the reference's last path component
 * with its tag (`alpine:3.22` -> `alpine_3.22.tar`), normalized like PVE's content file names
 * (anything but letters, digits, `_`, `.` and `-` becomes `_`), always ending in `.tar`.
 */
export function ociFileName(reference: string, filename?: string): string {
  const base = filename ?? reference.slice(reference.lastIndexOf('/') + 1).replace(/:/g, '_');
  const normalized = base.replace(/[^a-zA-Z0-9_.-]/g, '_');
  return normalized.endsWith('.tar') ? normalized : `${normalized}.tar`;
}
