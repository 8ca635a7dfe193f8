/**
 * The helper scripts' per-app metadata (`frontend/public/json/<slug>.json` in older trees). Read
 * leniently: a field of the wrong type is dropped, not fatal, since the script itself is enough.
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max).optional().catch(undefined);

const metadataSchema = z.object({
  name: text(200),
  slug: text(100),
  type: text(20),
  description: text(4000),
  website: text(500),
  logo: text(500),
  documentation: text(500).nullable().catch(undefined),
  interface_port: z.number().int().min(1).max(65_535).nullable().optional().catch(undefined),
  privileged: z.boolean().optional().catch(undefined),
  default_credentials: z
    .object({ username: z.string().max(200).nullable().optional(), password: z.string().max(200).nullable().optional() })
    .optional()
    .catch(undefined),
  notes: z
    .array(z.union([z.string().max(1000), z.object({ text: z.string().max(1000), type: z.string().max(20).optional() })]))
    .max(50)
    .optional()
    .catch(undefined),
});

export interface AppMetadata {
  name?: string;
  type?: string;
  description?: string;
  website?: string;
  /** An image URL (shown as a link: the page loads nothing from elsewhere). */
  logo?: string;
  interfacePort?: number;
  username?: string;
  password?: string;
  notes: string[];
}

export type MetadataResult = { ok: true; metadata: AppMetadata } | { ok: false; error: string };

export function parseAppMetadata(jsonText: string): MetadataResult {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  const r = metadataSchema.safeParse(data);
  if (!r.success) return { ok: false, error: 'not a metadata object' };
  const m = r.data;
  return {
    ok: true,
    metadata: {
      name: m.name,
      type: m.type,
      description: m.description,
      website: m.website,
      logo: m.logo,
      interfacePort: m.interface_port ?? undefined,
      username: m.default_credentials?.username ?? undefined,
      password: m.default_credentials?.password ?? undefined,
      notes: (m.notes ?? []).map((n) => (typeof n === 'string' ? n : n.text)).filter((n) => n.trim() !== ''),
    },
  };
}
