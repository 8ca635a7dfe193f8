/**
 * `appVersion`: how Kiln tells the app version a container runs and the newest one it could get.
 * Two read-only commands run in the container during the update check; each prints a version
 * (optionally picked out of its output by an RE2 `match`). Fixed text only: they run without the
 * container's params, so no `{{ }}` and no secret can ever reach them.
 */
import { z } from 'zod';

/** Text: a shell snippet (run by sh, on stdin). A list: an argv run as is. */
export const versionCommandSchema = z.strictObject({
  command: z.union([z.string().min(1).max(4000), z.array(z.string().min(1).max(1000)).min(1).max(64)], { error: 'must be a shell command (text) or an argv list' }),
  /**
   * RE2 pattern searched in the output (stdout, or stderr when stdout is empty; `^`/`$` match at
   * line ends): its first group, or the whole match without one, is the version. Absent: the
   * first non-empty line.
   */
  match: z.string().min(1).max(500).optional(),
});

export const appVersionSchema = z.strictObject({
  /** What the version is of, as the Updates tab names it ("nginx"). */
  name: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._+-]*$/, 'must be a short app name (letters, digits, space . _ + -)'),
  installed: versionCommandSchema,
  latest: versionCommandSchema,
  /** Seconds each command may take. */
  timeout: z.number().int().min(1).max(120).default(15),
});

export type VersionCommand = z.infer<typeof versionCommandSchema>;
export type AppVersionSpec = z.infer<typeof appVersionSchema>;
