/**
 * An app a source lists that Kiln cannot deploy: what its app page shows instead of a Deploy
 * button (its metadata, the defaults its script declares, the reason, and the files to read).
 */
import { CATALOGUE_TAG } from '../templates/names';
import { positiveInt, slugOf, tagsOf } from './helper-template';
import type { CtScript } from './helper-scripts';
import type { AppMetadata } from './metadata';

export interface ListingFacts {
  os?: string;
  osVersion?: string;
  cores?: number;
  memory?: number;
  disk?: number;
  interfacePort?: number;
  credentials?: string;
  notes: string[];
  website?: string;
  logo?: string;
}

export interface AppListing {
  slug: string;
  name: string;
  description: string;
  tags: string[];
  facts: ListingFacts;
  /** The files it was read from, in this order on the app page (and in the content hash). */
  files: string[];
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A listing from what is known: the path always, the script's APP and defaults and the metadata when there. */
export function listingOf(input: { path: string; ct?: CtScript; metadata?: AppMetadata; files: string[] }): AppListing {
  const { path, ct, metadata: m } = input;
  const base = path.replace(/^.*\//, '').replace(/\.sh$/, '');
  const v = ct?.vars ?? {};
  const int = (raw: string | undefined, max: number) => {
    const n = positiveInt(raw, 0, max);
    return n === 0 ? undefined : n;
  };
  const credentials = m?.username || m?.password ? `${m.username ?? '(none)'} / ${m.password ?? '(none)'}` : undefined;
  return {
    slug: slugOf(base) ?? slugOf(ct?.nsapp ?? '') ?? 'app',
    name: truncate(m?.name ?? ct?.app ?? base, 80),
    description: truncate(m?.description?.trim() || `${ct?.app ?? base}, listed by the community helper scripts (${path}).`, 1000),
    tags: [
      ...tagsOf(v.tags)
        .filter((t) => CATALOGUE_TAG.test(t))
        .slice(0, 11),
      'helper-scripts',
    ].filter((t, i, all) => all.indexOf(t) === i),
    facts: {
      os: v.os,
      osVersion: v.version,
      cores: int(v.cpu, 8192),
      memory: int(v.ram, 4_194_304),
      disk: int(v.disk, 131_072),
      interfacePort: m?.interfacePort,
      credentials,
      notes: m?.notes ?? [],
      website: m?.website,
      logo: m?.logo,
    },
    files: input.files,
  };
}
