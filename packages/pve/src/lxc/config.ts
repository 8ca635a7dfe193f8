import { z } from 'zod';
import { lxcConfigScalarsSchema } from '../schemas/lxc';
import { parseFeatures, parseMountPoint, parseNet, type LxcFeaturesConfig, type LxcMountConfig, type LxcNetConfig } from './props';
import { parsePropertyString } from '../property-string';

type Scalars = z.infer<typeof lxcConfigScalarsSchema>;

export interface LxcConfig extends Omit<Scalars, 'lxc'> {
  /** SHA-1 of the config file: pass it back to lxcSetConfig to refuse concurrent edits. */
  digest: string;
  features: LxcFeaturesConfig;
  rootfs: LxcMountConfig | undefined;
  net: Record<number, LxcNetConfig>;
  mp: Record<number, LxcMountConfig>;
  /** `devN` passthrough devices, as raw key/values (`path`, `mode`, `uid`, `gid`). */
  dev: Record<number, Record<string, string>>;
  /** `unusedN` volume ids (detached disks). */
  unused: Record<number, string>;
  /** Raw `lxc.*` keys, in file order. */
  rawLxc: Array<[string, string]>;
  /** Every scalar key as PVE sent it, stringified, including ones this client does not model. */
  raw: Record<string, string>;
}

const INDEXED_RE = /^(net|mp|dev|unused)(\d+)$/;

/** `/nodes/{node}/lxc/{vmid}/config`: scalars normalized, property strings parsed, indexed keys grouped. */
export const lxcConfigSchema = z.record(z.string(), z.unknown()).pipe(
  z.looseObject(lxcConfigScalarsSchema.shape).transform((cfg, ctx) => {
    const raw: Record<string, string> = {};
    const out: Pick<LxcConfig, 'net' | 'mp' | 'dev' | 'unused'> = { net: {}, mp: {}, dev: {}, unused: {} };
    for (const [key, value] of Object.entries(cfg as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') raw[key] = String(value);
      const m = INDEXED_RE.exec(key);
      if (!m || typeof value !== 'string') continue;
      const index = Number(m[2]);
      try {
        if (m[1] === 'net') out.net[index] = parseNet(value);
        else if (m[1] === 'mp') out.mp[index] = parseMountPoint(value);
        else if (m[1] === 'dev') out.dev[index] = parsePropertyString(value, { defaultKey: 'path' });
        else out.unused[index] = parsePropertyString(value, { defaultKey: 'volume' })['volume'] ?? value;
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: [key], message: err instanceof Error ? err.message : 'unparsable' });
      }
    }
    const { lxc, ...scalars } = cfg;
    let features: LxcFeaturesConfig;
    let rootfs: LxcMountConfig | undefined;
    try {
      features = parseFeatures(typeof cfg['features'] === 'string' ? cfg['features'] : undefined);
      rootfs = typeof cfg['rootfs'] === 'string' ? parseMountPoint(cfg['rootfs']) : undefined;
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['features'], message: err instanceof Error ? err.message : 'unparsable' });
      return z.NEVER;
    }
    const typed: LxcConfig = {
      ...(pickScalars(scalars) as Omit<Scalars, 'lxc'>),
      features,
      rootfs,
      ...out,
      rawLxc: lxc,
      raw,
    };
    return typed;
  }),
);

const SCALAR_KEYS = Object.keys(lxcConfigScalarsSchema.shape).filter((k) => k !== 'lxc');

// looseObject keeps unknown keys; the typed result carries only the modelled ones (the rest is in `raw`).
function pickScalars(cfg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SCALAR_KEYS) out[key] = cfg[key];
  return out;
}
