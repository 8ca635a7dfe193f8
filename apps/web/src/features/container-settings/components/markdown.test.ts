import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe('notes rendered as markdown', () => {
  it('renders headings, lists, emphasis, code and links', () => {
    const out = html('# Web\n\nRuns **nginx** on *port* `80`.\n\n- one\n- two\n\n1. first\n\nSee [docs](https://example.org/x).');
    expect(out).toContain('aria-level="1"');
    expect(out).toContain('<strong>nginx</strong>');
    expect(out).toContain('<em>port</em>');
    expect(out).toContain('<code>80</code>');
    expect(out).toMatch(/<ul[^>]*><li>one<\/li><li>two<\/li><\/ul>/);
    expect(out).toMatch(/<ol[^>]*><li>first<\/li><\/ol>/);
    expect(out).toMatch(/<a href="https:\/\/example.org\/x" target="_blank" rel="noopener noreferrer nofollow"[^>]*>docs<\/a>/);
  });

  it('shows HTML in the notes as text, never as markup', () => {
    const out = html('<script>alert(1)</script> <img src=x onerror=alert(2)>');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;');
  });

  it('links only to http(s) and mailto', () => {
    const out = html('[click](javascript:alert(1)) [data](data:text/html,x) [mail](mailto:a@b.c)');
    expect(out).not.toContain('href="javascript');
    expect(out).not.toContain('href="data');
    expect(out).toContain('href="mailto:a@b.c"');
  });
});
