// The simulator's tiny OCI registry: a test pushes images into it and pulls them through PVE's `oci-registry-pull`.
export { startTestRegistry, type TestRegistry } from '@kiln/pve-sim/testing';
