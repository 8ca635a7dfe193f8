/**
 * `@kiln/pve/schemas`: the browser-safe part of this package (no undici, no Node built-ins), so
 * forms can validate with exactly the schemas the worker uses to call PVE.
 */
export { lxcCreateOptionsSchema, lxcConfigUpdateSchema, lxcCreateParams, lxcConfigParams, type LxcCreateOptions, type LxcConfigUpdate } from './lxc/options';
export * from './lxc/props';
export { splitRootOnlyOptions, isHostPathMount, type RootOnlySplit } from './lxc/root-only';
export { buildPropertyString, parsePropertyString, parseTags, tagsToString, type PropertyValue } from './property-string';
export * from './privileges';
export { parseUpid, isUpid, type ParsedUpid } from './tasks/upid';
/** PVE 9.1's OCI image reference pattern (`oci-registry-pull`), for forms. */
export { OCI_REFERENCE_PATTERN } from './schemas/storage';
