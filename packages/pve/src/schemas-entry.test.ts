import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as schemas from './schemas-entry';

const SRC = dirname(fileURLToPath(import.meta.url));
const IMPORT_RE = /^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm;

/** Every runtime (non-type) import reachable from a file of this package. */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file)) return found;
  seen.add(file);
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT_RE)) {
    if (spec === undefined) continue;
    if (spec.startsWith('.')) {
      for (const inner of runtimeImports(`${resolve(dirname(file), spec)}.ts`, seen)) found.add(inner);
    } else found.add(spec);
  }
  return found;
}

describe('@kiln/pve/schemas', () => {
  it('pulls in no undici and no Node built-ins, so browser bundles can use it', () => {
    const imports = [...runtimeImports(resolve(SRC, 'schemas-entry.ts'))];
    expect(imports.filter((i) => i === 'undici' || i.startsWith('node:'))).toEqual([]);
    expect(imports).toContain('zod');
  });

  it('exposes the form schemas', () => {
    expect(schemas.lxcCreateOptionsSchema.safeParse({ vmid: 100, ostemplate: 'local:vztmpl/x.tar.zst', rootfs: { storage: 'local', sizeGiB: 2 } }).success).toBe(true);
  });
});
