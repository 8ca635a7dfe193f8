/**
 * The wizard's OS image choice: a template whose `os` is a family (`debian` `12`) is offered every
 * matching image of the node, newest first (the default); a chosen one is what the creation uses,
 * and an image of another OS is refused at the field.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { creationInput, creationRequest, creationService, templateId, waitForLifecycle } from '../helpers/provisioning';
import { withOwnedSim } from './containers-fixture';

const webUrl = inject('webUrl');
const fx = withOwnedSim(webUrl);
const OLDER = 'local:vztmpl/debian-12-standard_12.2-1_amd64.tar.zst';
const NEWEST = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

/** Puts an older Debian 12 image on `local` the way the PVE GUI uploads one. */
async function uploadTemplate(name: string): Promise<void> {
  const boundary = '----kilnImages';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="content"\r\n\r\nvztmpl\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="filename"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    randomBytes(4096),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const upid = await new Promise<string>((resolve, reject) => {
    const req = request(
      `${fx.sim.apiUrl}/nodes/pve1/storage/local/upload`,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: { Authorization: fx.sim.tokens[0]!.header, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`upload: ${res.statusCode} ${text}`));
          else resolve((JSON.parse(text) as { data: string }).data);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  expect((await fx.pve.waitForTask(upid)).exitstatus).toBe('OK');
}

describe('choosing the OS image in the wizard', () => {
  it('offers the node’s images of the template’s OS family, newest first', async () => {
    await uploadTemplate('debian-12-standard_12.2-1_amd64.tar.zst');
    const nginx = await templateId('nginx-static');
    const r = await fx.a.web.action<Array<{ volid: string; build: string }>>('wizardOsImagesAction', { nodeId: fx.a.nodeId, templateId: nginx });
    expect(r.data?.map((i) => i.volid)).toEqual([NEWEST, OLDER]);
    // Alpine, Fedora and Rocky images on the same storage are not Debian 12
    expect(r.data?.some((i) => i.volid.includes('alpine'))).toBe(false);
  });

  it('creates from the chosen (older) image', async () => {
    const res = await creationService().create(fx.a.user, creationRequest(fx.a.nodeId, await templateId('nginx-static'), { hostname: 'older-debian', osImage: OLDER }));
    expect(await waitForLifecycle(res.containerId)).toBe('ready');
    const step = await getDb().containerStep.findUniqueOrThrow({ where: { containerId_key: { containerId: res.containerId, key: 'ensure-template' } } });
    expect(step.data).toMatchObject({ ostemplate: OLDER });
    const row = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId } });
    expect((row.spec as { osImage?: string }).osImage).toBe(OLDER);
  });

  it('refuses an image of another OS at the field', async () => {
    const input = creationInput(fx.a.nodeId, await templateId('nginx-static'), { hostname: 'wrong-os', osImage: 'local:vztmpl/alpine-3.22-default_20250617_amd64.tar.xz' });
    const r = await fx.a.web.action('previewCreationAction', input);
    expect(r.serverError?.fieldErrors?.['osImage']).toBe('Not a debian 12 image: this template needs one.');
  });
});
