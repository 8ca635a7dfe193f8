/**
 * Request body limits of the web app, enforced by our HTTP server before Next.js reads a byte
 * (see server/body-limit.ts). next.config.ts gives Next the same server-action limit, so both
 * agree on what fits; ours answers 413 first.
 */
export const BODY_LIMITS = {
  /** Server actions: the largest is a template import (YAML/JSON file text). */
  action: 2 * 1024 * 1024,
  /** Sign-in: a user name and a password as JSON. */
  login: 8 * 1024,
  /** Everything else (other route handlers, stray bodies on pages). */
  other: 64 * 1024,
} as const;
