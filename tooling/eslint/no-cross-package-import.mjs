// kiln/no-cross-package-import: a file imports another workspace package only by its name and
// the entries its package.json exports (`@kiln/db`, `@kiln/pve-sim/testing`), never by walking
// into its files (`../../packages/db/src/client`, `@kiln/db/src/client`). A deep import skips the
// package's public surface, so moving a file inside a package breaks code elsewhere.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** 'packages/db', 'apps/web', or '.' for the repository's own files (tests/, scripts/, bench/). */
export function unitOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  const m = /^(packages|apps)\/([^/]+)\//.exec(rel);
  return m ? `${m[1]}/${m[2]}` : '.';
}

const isTopLevelFile = (file, unit) => unit !== '.' && path.dirname(path.relative(ROOT, file)).split(path.sep).join('/') === unit;

const unitName = (unit) => (unit === '.' ? 'the repository root' : unit);

/** @type {import('eslint').Rule.RuleModule} */
export const crossPackageImport = {
  meta: {
    type: 'problem',
    docs: { description: 'import other workspace packages by name and export entry, not by path into their files' },
    schema: [],
    messages: {
      relative: "'{{source}}' reaches into {{target}} from {{from}}: import it by its package name (add an export entry such as './testing' to its package.json if needed).",
      src: "'{{source}}' reaches into a package's src/: import an entry its package.json exports instead.",
    },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const from = unitOf(file);
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (/^@kiln\/[^/]+\/(src|server|test)(\/|$)/.test(source)) {
        context.report({ node, messageId: 'src', data: { source } });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = unitOf(path.resolve(path.dirname(file), source));
      // A package's own build script (apps/web/build-server.mjs) may use the repository's build tooling.
      if (target === '.' && isTopLevelFile(file, from)) return;
      if (target !== from) context.report({ node, messageId: 'relative', data: { source, target: unitName(target), from: unitName(from) } });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const arg = node.argument?.literal ?? node.argument;
        if (arg && arg.type === 'Literal') check(node, arg.value);
      },
    };
  },
};
