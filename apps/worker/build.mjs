// Bundles the worker's own code and the workspace packages (TypeScript sources) into one file.
// Third-party packages stay external, imported by a path relative to the bundle, so Node loads
// them from the pnpm store exactly as in development (native addons and wasm included).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'dist');

const externalizeThirdParty = {
  name: 'externalize-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('node:') || args.path.startsWith('@kiln/') || args.pluginData?.skip) return undefined;
      const res = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { skip: true } });
      if (res.errors.length > 0 || !res.path || res.external) return { path: args.path, external: true };
      let rel = path.relative(outdir, res.path).split(path.sep).join('/');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return { path: rel, external: true };
    });
  },
};

await build({
  entryPoints: [path.join(here, 'src/main.ts')],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalizeThirdParty],
  banner: { js: "import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);" },
});
console.log('worker built: dist/main.js');
