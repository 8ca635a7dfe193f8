// Bundles Kiln's HTTP server (server/server.ts) and the workspace packages it uses into
// dist/server.js; Next.js and other third-party packages stay external (see scripts/esbuild-node.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNode } from '../../scripts/esbuild-node.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
await bundleNode({ entry: path.join(here, 'server/server.ts'), outdir: path.join(here, 'dist'), outbase: path.join(here, 'server') });
console.log('web server built: dist/server.js');
