/**
 * The catalogue's categories: one closed table, derived from a template's tags (the helper
 * scripts and kiln/v1 files carry tags, not categories). A template's category is the one of its
 * first tag that names one, in the order the author wrote them; "other" when none does.
 */
export const CATALOGUE_CATEGORIES = [
  { id: 'web', label: 'Web servers and proxies', tags: ['web', 'nginx', 'apache', 'caddy', 'proxy', 'reverse-proxy', 'static', 'http', 'webserver'] },
  { id: 'databases', label: 'Databases and caches', tags: ['database', 'sql', 'postgresql', 'postgres', 'mysql', 'mariadb', 'mongodb', 'nosql', 'redis', 'cache'] },
  { id: 'monitoring', label: 'Monitoring and analytics', tags: ['monitoring', 'analytics', 'metrics', 'logging', 'logs', 'alerting', 'grafana', 'prometheus', 'uptime'] },
  { id: 'media', label: 'Media and streaming', tags: ['media', 'streaming', 'music', 'video', 'photos', 'audio', 'arr', 'torrent'] },
  { id: 'network', label: 'Network and DNS', tags: ['network', 'networking', 'dns', 'adblock', 'vpn', 'firewall', 'dhcp', 'wireguard'] },
  { id: 'home', label: 'Home automation', tags: ['home-automation', 'smarthome', 'smart-home', 'iot', 'mqtt', 'zigbee'] },
  { id: 'files', label: 'Files and backup', tags: ['files', 'file-sharing', 'storage', 'backup', 'sync', 'nas', 'cloud'] },
  { id: 'documents', label: 'Documents and notes', tags: ['notes', 'wiki', 'documents', 'docs', 'knowledge', 'office'] },
  { id: 'development', label: 'Development', tags: ['development', 'dev', 'git', 'ci', 'code', 'ide', 'nodejs', 'javascript', 'python', 'runtime'] },
  { id: 'containers', label: 'Containers', tags: ['docker', 'containers', 'compose', 'kubernetes', 'podman'] },
  { id: 'security', label: 'Security and identity', tags: ['security', 'auth', 'identity', 'sso', 'password', 'secrets'] },
  { id: 'base', label: 'Base systems', tags: ['base', 'os', 'ssh'] },
  { id: 'other', label: 'Other', tags: [] },
] as const satisfies readonly { id: string; label: string; tags: readonly string[] }[];

export type CatalogueCategory = (typeof CATALOGUE_CATEGORIES)[number]['id'];

const byTag = new Map<string, CatalogueCategory>();
for (const c of CATALOGUE_CATEGORIES) for (const t of c.tags) byTag.set(t, c.id);

export function categoryOf(tags: readonly string[]): CatalogueCategory {
  for (const t of tags) {
    const c = byTag.get(t.toLowerCase());
    if (c) return c;
  }
  return 'other';
}

export function isCatalogueCategory(id: string): id is CatalogueCategory {
  return CATALOGUE_CATEGORIES.some((c) => c.id === id);
}

export function categoryLabel(id: CatalogueCategory): string {
  return CATALOGUE_CATEGORIES.find((c) => c.id === id)?.label ?? id;
}
