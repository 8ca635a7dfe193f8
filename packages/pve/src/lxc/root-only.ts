import { buildDevice, buildFeatures, buildMountPoint, type LxcFeatures, type LxcMountPoint } from './props';
import type { LxcCreateOptions } from './options';

export interface RootOnlySplit {
  /** What an API token may send with lxcCreate. */
  api: LxcCreateOptions;
  /**
   * Config keys only root@pam may set, as `key -> value` for `pct set <vmid> --key value` over SSH
   * (run while the container is stopped). A key here carries its complete value: `features` holds
   * every flag, nesting included, because `pct set --features` replaces the whole property.
   */
  rootOnly: Record<string, string>;
  /**
   * Raw `lxc.*` lines. Neither the API nor `pct set` accepts them: append them to
   * `/etc/pve/lxc/<vmid>.conf` as `key: value`.
   */
  rawLxc: Array<[string, string]>;
  /**
   * True when root-only changes exist and `start` was requested: `api.start` is cleared, so the
   * container must be started after the root-only part is applied.
   */
  deferredStart: boolean;
}

const ROOT_ONLY_FLAGS = ['keyctl', 'fuse', 'mknod', 'force_rw_sys'] as const;

/** A bind mount (host path) or device mount: only root may pass arbitrary host paths. */
export function isHostPathMount(mp: Pick<LxcMountPoint, 'volume'>): boolean {
  return mp.volume.startsWith('/');
}

/**
 * PVE refuses these for anyone but root@pam, and tokens never are root@pam
 * (PVE::LXC::check_ct_modify_config_perm):
 * - `features` on a privileged container, any flag;
 * - on unprivileged ones, every flag except `nesting` (keyctl, fuse, mknod, force_rw_sys, mount=);
 * - bind and device mount points (`mpN: /host/path,...`);
 * - `devN` passthrough devices and `hookscript`;
 * - raw `lxc.*` keys (not settable over the API at all).
 */
export function splitRootOnlyOptions(options: LxcCreateOptions): RootOnlySplit {
  const api: LxcCreateOptions = { ...options };
  const rootOnly: Record<string, string> = {};
  const unprivileged = options.unprivileged ?? true;

  if (options.features) {
    const f: LxcFeatures = options.features;
    const needsRoot = !unprivileged || ROOT_ONLY_FLAGS.some((k) => f[k] === true) || (f.mount?.length ?? 0) > 0;
    if (needsRoot) {
      const full = buildFeatures(f);
      if (full !== '') rootOnly['features'] = full;
      if (unprivileged && f.nesting !== undefined) api.features = { nesting: f.nesting };
      else delete api.features;
    }
  }

  if (options.mp) {
    const kept: Record<string, LxcMountPoint> = {};
    for (const [i, mp] of Object.entries(options.mp as Record<string, LxcMountPoint>)) {
      if (isHostPathMount(mp)) rootOnly[`mp${i}`] = buildMountPoint(mp);
      else kept[i] = mp;
    }
    api.mp = kept;
  }

  if (options.dev) {
    for (const [i, dev] of Object.entries(options.dev)) rootOnly[`dev${i}`] = buildDevice(dev);
    delete api.dev;
  }
  if (options.hookscript !== undefined) {
    rootOnly['hookscript'] = options.hookscript;
    delete api.hookscript;
  }
  const rawLxc = [...(options.rawLxc ?? [])];
  delete api.rawLxc;

  const deferredStart = api.start === true && (Object.keys(rootOnly).length > 0 || rawLxc.length > 0);
  if (deferredStart) api.start = false;
  return { api, rootOnly, rawLxc, deferredStart };
}
