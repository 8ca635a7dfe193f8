// A merge that left conflict markers in a file must not land: TypeScript catches them in code, but
// not in Markdown, YAML or JSON comments (one reached the operations README once).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = /^(<{7}|>{7}) /m;

/** Tracked text files of the repository (git ls-files), binary ones skipped. */
function trackedTextFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && !/\.(png|ico|jpg|zst|gz|wasm)$/.test(f));
}

describe('merge conflict markers', () => {
  it('no tracked file holds one', () => {
    const hits = trackedTextFiles().filter((f) => {
      const file = path.join(ROOT, f);
      return fs.existsSync(file) && MARKER.test(fs.readFileSync(file, 'utf8'));
    });
    expect(hits).toEqual([]);
  });
});
