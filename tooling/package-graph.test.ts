// The workspace packages form a graph without cycles, type imports included: a package that
// needs a type of a package above it gets that type moved down (into the lower package) instead.
// Every @kiln/* a package's files import (src, tests, benches) is declared in its package.json,
// so the declared graph is the real one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', 'generated', '.next', 'dist', '.turbo']);

interface Pkg {
  name: string;
  dir: string;
  declared: Set<string>;
  /** @kiln/* name -> the files importing it. */
  imports: Map<string, string[]>;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|tsx|mts|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** `import ... from '@kiln/x'`, `import type`, `export ... from`, `import('@kiln/x')`. */
const KILN_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](@kiln\/[a-z0-9-]+)/gm;

function workspace(): Pkg[] {
  const dirs = ['packages', 'apps'].flatMap((top) => fs.readdirSync(path.join(ROOT, top)).map((d) => path.join(top, d)));
  return dirs
    .filter((dir) => fs.existsSync(path.join(ROOT, dir, 'package.json')))
    .map((dir) => {
      const pj = JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; dependencies?: object; devDependencies?: object };
      const imports = new Map<string, string[]>();
      for (const file of sourceFiles(path.join(ROOT, dir))) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(KILN_IMPORT)) {
          const target = m[1]!;
          if (target !== pj.name) imports.set(target, [...(imports.get(target) ?? []), path.relative(ROOT, file)]);
        }
      }
      return { name: pj.name, dir, declared: new Set(Object.keys({ ...pj.dependencies, ...pj.devDependencies })), imports };
    });
}

/** Every cycle through `start`, as 'a -> b -> a'. */
function cyclesFrom(start: string, edges: Map<string, string[]>): string[] {
  const found: string[] = [];
  const visit = (node: string, trail: string[]) => {
    for (const next of edges.get(node) ?? []) {
      if (next === start) found.push([...trail, next].join(' -> '));
      else if (!trail.includes(next)) visit(next, [...trail, next]);
    }
  };
  visit(start, [start]);
  return found;
}

describe('the workspace package graph', () => {
  const pkgs = workspace();

  it('finds the packages and their imports', () => {
    expect(pkgs.map((p) => p.name)).toEqual(expect.arrayContaining(['@kiln/web', '@kiln/worker', '@kiln/services', '@kiln/core', '@kiln/db']));
    expect(pkgs.find((p) => p.name === '@kiln/services')?.imports.has('@kiln/db')).toBe(true);
  });

  it('every @kiln/* a package imports is declared in its package.json', () => {
    const undeclared = pkgs.flatMap((p) => [...p.imports].filter(([target]) => !p.declared.has(target)).map(([target, files]) => `${p.name} imports ${target} (${files[0]}) without declaring it`));
    expect(undeclared).toEqual([]);
  });

  it('has no cycle, type-only imports included', () => {
    const edges = new Map(pkgs.map((p) => [p.name, [...p.imports.keys()]]));
    expect(pkgs.flatMap((p) => cyclesFrom(p.name, edges))).toEqual([]);
  });
});
