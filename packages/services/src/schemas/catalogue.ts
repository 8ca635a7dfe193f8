/** A catalogue source as an admin enters it (the settings form, the server action and the service share it). */
import { z } from 'zod';

/** A git ref name as `git check-ref-format` would allow it, kept simple: no spaces, no `..`, no leading `-`. */
const REF = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]{1,200}(?<![./])$/;

/** A source URL whose path ends in .tar.gz or .tgz is a tarball; any other is a git repository. */
export function isTarballUrl(href: string): boolean {
  try {
    return /\.(tar\.gz|tgz)$/i.test(new URL(href).pathname);
  } catch {
    return false;
  }
}

export const catalogueSourceInputSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(80),
  kind: z.enum(['kiln', 'helper-scripts'], { error: 'must be kiln or helper-scripts' }),
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => /^https?:\/\/[^\s/]+/i.test(v), 'must be an https:// (or http://) URL of a git repository or a .tar.gz'),
  ref: z.string().trim().regex(REF, 'must be a branch or tag name like main').default('main'),
  pinnedCommit: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{40}$/, 'must be a full 40-character commit id')
      .nullable()
      .default(null),
  ),
  pinnedOnly: z.boolean().default(false),
  /** helper-scripts only: the metadata database's base URL (upstream's: https://db.community-scripts.org). */
  metadataUrl: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z
      .string()
      .trim()
      .max(2000)
      .refine((v) => /^https?:\/\/[^\s/]+/i.test(v), 'must be an https:// (or http://) URL like https://db.community-scripts.org')
      .nullable()
      .default(null),
  ),
  enabled: z.boolean().default(true),
  /** Minutes between scheduled syncs; null: only "Sync now". */
  syncEveryMinutes: z.preprocess(
    (v) => (v === '' ? null : typeof v === 'string' ? Number(v) : v),
    z.number({ error: 'must be a number of minutes' }).int().min(15, 'must be at least 15 minutes').max(43_200, 'must be at most 30 days').nullable().default(null),
  ),
});
export type CatalogueSourceInput = z.input<typeof catalogueSourceInputSchema>;
