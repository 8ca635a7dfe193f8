// What other packages' tests and benches need of the simulator beyond `startSimulator`: one
// in-memory node behind the real SSH server, the sandbox that runs container processes, and the
// shell-word parser of `pct exec` (so @kiln/ssh tests its quoting against the same parser).
export { startTestNode, type TestNode } from './ssh/testing/memory-cluster';
export { createRootfs, destroyRootfs, sandboxMode, spawnInContainer } from './sandbox';
export { parseShellWords } from './ssh/shell-words';
// The package repositories of a simulator by its data dir (also `Simulator.packages`): publish newer versions.
export { packageRepository, type PackageFamily, type PackageRepository, type PublishedPackage } from './sandbox/package-repo';
// A tiny OCI registry (HTTP on 127.0.0.1) that `oci-registry-pull` really pulls from.
export { startTestRegistry, type TestRegistry } from './oci/test-registry';
// A self-signed certificate of a chosen lifetime: service checks' TLS expiry against a local HTTPS server.
export { selfSignedCertificate } from './tls/certificates';
