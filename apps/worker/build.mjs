// Bundles the worker's own code and the workspace packages into dist/main.js (see scripts/esbuild-node.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNode } from '../../scripts/esbuild-node.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
await bundleNode({ entry: path.join(here, 'src/main.ts'), outdir: path.join(here, 'dist') });
console.log('worker built: dist/main.js');
