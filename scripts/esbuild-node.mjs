// Bundles a Node entry point and the workspace packages (TypeScript sources) into one file.
// Third-party packages stay external, imported by a path relative to the bundle, so Node loads
// them from the pnpm store exactly as in development (native addons and wasm included).
import { build } from 'esbuild';
import path from 'node:path';

function externalizeThirdParty(outdir) {
  return {
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
}

/** `entry` (a .ts file) to `outdir/<name>.js`, ESM for Node 20, with a source map. */
export async function bundleNode({ entry, outdir, outbase }) {
  await build({
    entryPoints: [entry],
    outdir,
    outbase,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [externalizeThirdParty(outdir)],
    banner: { js: "import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);" },
  });
}
