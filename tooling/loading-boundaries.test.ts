// A `loading.tsx` wraps its own page and every page below it in a Suspense boundary, so those
// pages start streaming (status 200) before they have read anything: a missing container,
// template or operation would answer 200 instead of 404. A loading state therefore sits in a route
// group beside the one list page it is for, never above other pages.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/web/src/app');

function files(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p, name);
    return e.name === name ? [p] : [];
  });
}

describe('loading boundaries', () => {
  it('no loading.tsx has pages below its own directory', () => {
    const offenders = files(APP, 'loading.tsx').flatMap((loading) => {
      const dir = path.dirname(loading);
      return files(dir, 'page.tsx')
        .filter((page) => path.dirname(page) !== dir)
        .map((page) => `${path.relative(APP, loading)} wraps ${path.relative(APP, page)}`);
    });
    expect(offenders).toEqual([]);
  });
});
