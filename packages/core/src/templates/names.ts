/** The name formats a template uses, with the messages users see when a value does not fit. */

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MESSAGE = 'must be kebab-case: lowercase letters, digits and single dashes (e.g. nginx-static)';

/** Semantic Versioning 2.0.0, the regex published at semver.org. */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
export const SEMVER_MESSAGE = 'must be a semantic version like 1.0.0';

/** Parameter names end up in `{{ params.name }}`: identifiers, snake_case by convention. */
export const PARAM_NAME = /^[a-z][a-z0-9_]{0,47}$/;
export const PARAM_NAME_MESSAGE = 'must start with a lowercase letter and use only a-z, 0-9 and _ (e.g. site_title)';

/** Step ids become job step keys (`step:<id>`) and appear in logs. */
export const STEP_ID = /^[a-z0-9][a-z0-9-]{0,47}$/;
export const STEP_ID_MESSAGE = 'must use only lowercase letters, digits and - (e.g. install-nginx)';

/** Debian policy 5.6.1 names, optionally `=version` or `:arch` as apt accepts them. */
export const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+(?:=[A-Za-z0-9.+~:-]+)?(?::[a-z0-9-]+)?$/;
export const DEBIAN_PACKAGE_MESSAGE = 'is not a valid Debian package name';

/** systemd unit names (`nginx`, `nginx.service`, `getty@tty1.service`); never an option. */
export const UNIT_NAME = /^[A-Za-z0-9_:.@][A-Za-z0-9_:.@-]{0,254}$/;
export const UNIT_NAME_MESSAGE = 'is not a valid systemd unit name';

/** PVE's `pve-tag` format; Kiln keeps container tags lowercase as PVE stores them. */
export const PVE_TAG = /^[a-z0-9_][a-z0-9_\-+.]*$/;
export const PVE_TAG_MESSAGE = 'must be a Proxmox tag: lowercase letters, digits and _ - + . (not starting with - + .)';

/** Catalogue tags (search facets): short lowercase words. */
export const CATALOGUE_TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `user`, `user:group`, numeric ids too (chown syntax). */
export const OWNER = /^(?:[a-z_][a-z0-9_-]{0,31}\$?|\d{1,10})(?::(?:[a-z_][a-z0-9_-]{0,31}\$?|\d{1,10}))?$/;
export const OWNER_MESSAGE = 'must be user or user:group (e.g. root:root, www-data)';

/** Linux bridge names as PVE accepts them (`vmbr0`). */
export const BRIDGE = /^[-_.\w]{1,15}$/;

/** An icon key of Kiln's icon set, or a short emoji. */
export const ICON_KEY = /^[a-z0-9][a-z0-9-]{0,31}$/;
export function isEmojiIcon(value: string): boolean {
  return [...value].length <= 8 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value) && !/\s/.test(value);
}

/** DNS search domain (`example.com`, `lan`). */
export const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
