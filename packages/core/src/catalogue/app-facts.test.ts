import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { templateSchema } from '../templates';
import { appFacts } from './app-facts';
import { parseCtScript } from './helper-scripts';
import { helperAppTemplate } from './helper-template';
import { parseAppMetadata } from './metadata';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../tests/fixtures/helper-scripts');
const read = (p: string) => fs.readFileSync(path.join(FIXTURE, p), 'utf8');

describe('an app page’s facts', () => {
  it('reads the port, credentials, notes, website and the exact install script back from a helper-scripts template', () => {
    const ct = parseCtScript(read('ct/hello-web.sh'));
    if (!ct.ok) throw new Error(ct.error);
    const meta = parseAppMetadata(read('frontend/public/json/hello-web.json'));
    if (!meta.ok) throw new Error(meta.error);
    const installText = `${read(`install/${ct.script.nsapp}-install.sh`)}\necho "{{ not kiln }}"\n`;
    const r = helperAppTemplate({ ct: ct.script, ctPath: 'ct/hello-web.sh', installText, functionsText: read('misc/install.func'), metadata: meta.metadata });
    if (!r.ok) throw new Error(r.reason);
    expect(appFacts(r.template)).toEqual({
      interfacePort: 8080,
      credentials: 'admin / hello — change them.',
      notes: ['Change the default page in /opt/hello-web.'],
      website: 'https://example.invalid/hello-web',
      installScript: { path: `install/${ct.script.nsapp}-install.sh`, content: installText },
    });
  });

  it('takes an HTTP healthcheck’s port from a kiln/v1 template and has no install script', () => {
    const t = templateSchema.parse({
      apiVersion: 'kiln/v1',
      slug: 'web',
      name: 'Web',
      version: '1.0.0',
      icon: '🌐',
      description: 'nginx',
      os: { distribution: 'debian', version: '12' },
      steps: [{ id: 'x', type: 'packages', packages: ['nginx'] }],
      healthcheck: { http: { port: 80, path: '/' } },
    });
    expect(appFacts(t)).toEqual({ interfacePort: 80, credentials: undefined, notes: [], website: undefined });
  });
});
