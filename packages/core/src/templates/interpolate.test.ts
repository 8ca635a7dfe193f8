import { describe, expect, it } from 'vitest';
import { InterpolationError } from './errors';
import { parseText, referencedVariables } from './expressions';
import { interpolate } from './interpolate';
import { ctxWith } from './test-fixtures';

const ctx = ctxWith({ title: `It's <b>"bold"</b> & more`, port: 8080, debug: false, empty: '' });

describe('interpolate', () => {
  it('fills params and container variables, with or without spaces', () => {
    expect(interpolate('{{params.port}} {{ container.hostname }} {{  container.vmid  }} {{ container.ip }} [{{ params.empty }}]', ctx)).toBe('8080 web-01 123 10.10.0.100 []');
    expect(interpolate('{{ params.debug }}', ctx)).toBe('false');
  });

  it('escapes values with filters', () => {
    expect(interpolate('{{ params.title | shell }}', ctx)).toBe(`'It'\\''s <b>"bold"</b> & more'`);
    expect(interpolate('{{ params.title | sql }}', ctx)).toBe(`'It''s <b>"bold"</b> & more'`);
    expect(interpolate('{{ params.title | html }}', ctx)).toBe('It&#39;s &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more');
    expect(interpolate('{{ params.title | json }} {{ params.port | json }}', ctx)).toBe('"It\'s <b>\\"bold\\"</b> & more" 8080');
    expect(interpolate('{{ params.title | url }}', ctx)).toBe("It's%20%3Cb%3E%22bold%22%3C%2Fb%3E%20%26%20more");
    expect(interpolate('{{ params.title | html | shell }}', ctx)).toBe("'It&#39;s &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more'");
  });

  it('throws one error naming every unknown variable', () => {
    let error: unknown;
    try {
      interpolate('{{ params.nope }} {{ container.mac }} {{ params.nope }} {{ params.port }}', ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InterpolationError);
    expect((error as InterpolationError).variables).toEqual(['params.nope', 'container.mac']);
    expect((error as Error).message).toBe('Unknown variables: {{ params.nope }}, {{ container.mac }}');
  });

  it('never reaches into prototypes or objects', () => {
    expect(() => interpolate('{{ params.constructor }}', ctx)).toThrow(InterpolationError);
    expect(() => interpolate('{{ params.toString }}', ctx)).toThrow(InterpolationError);
    expect(() => interpolate('{{ container }}', ctx)).toThrow('Unknown variable: {{ container }}');
  });

  it('keeps \\{{ as a literal and rejects broken expressions', () => {
    expect(interpolate("docker ps --format '\\{{.Names}}' {{ params.port }}", ctx)).toBe("docker ps --format '{{.Names}}' 8080");
    expect(() => interpolate('{{ params.port', ctx)).toThrow(/never closed/);
    expect(() => interpolate('{{ 1 + 1 }}', ctx)).toThrow(/is not a variable/);
    expect(() => interpolate('{{ params.port | upper }}', ctx)).toThrow(/unknown filter "upper"/);
  });
});

describe('parseText', () => {
  it('lists the variables a text uses, once each', () => {
    expect(referencedVariables('{{ params.a }} {{ params.b | shell }} {{ params.a }} \\{{ params.c }}')).toEqual(['params.a', 'params.b']);
    expect(parseText('a {{ params.x }} b').segments).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'expr', expr: { start: 2, end: 16, variable: 'params.x', filters: [] } },
      { kind: 'text', text: ' b' },
    ]);
  });
});
