/** Shared helpers of the template integration tests: signed-in users, template text, fake containers. */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { getDb } from '@kiln/db';
import { makeUser } from '../helpers/users';
import { WebClient } from '../helpers/web-client';

export type ImportData = { ok: true; id: string } | { ok: false; errors: { path: string; message: string; line?: number; column?: number }[]; conflict?: { slug: string; version: string } };

export async function signedIn(webUrl: string, role: 'admin' | 'user' = 'user') {
  const user = await makeUser(role);
  const web = new WebClient(webUrl);
  expect((await web.login(user.username, user.password)).status).toBe(200);
  return { user, web };
}

export const uniqueSlug = (prefix = 't') => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A small valid template in YAML. */
export function validYaml(slug: string, version = '1.0.0', name = 'Hello web'): string {
  return `apiVersion: kiln/v1
slug: ${slug}
name: ${name}
version: ${version}
description: nginx with one page.
icon: "🌐"
tags: [web, test]
os: { distribution: debian, version: "12" }
defaults: { memory: 256, disk: 4 }
params:
  - name: title
    type: string
    label: Page title
    default: Hello
  - name: admin_password
    type: secret
steps:
  - id: install
    type: packages
    packages: [nginx]
  - id: page
    type: file
    path: /var/www/html/index.html
    content: |
      <h1>{{ params.title | html }}</h1>
  - id: secret
    type: script
    run: |
      echo {{ params.admin_password | shell }} > /root/pw
healthcheck:
  command: [systemctl, is-active, --quiet, nginx]
postInstall: Open http://{{ container.ip }}/
`;
}

/** Imports a template for the signed-in user and returns its id. */
export async function importOk(web: WebClient, text: string): Promise<string> {
  const r = await web.action<ImportData>('importTemplateAction', { text });
  expect(r.data, JSON.stringify(r.serverError ?? r.data)).toMatchObject({ ok: true });
  return (r.data as { id: string }).id;
}

export async function builtinId(slug: string): Promise<string> {
  const row = await getDb().template.findFirstOrThrow({ where: { userId: null, builtin: true, slug }, orderBy: { createdAt: 'desc' }, select: { id: true } });
  return row.id;
}

/** A container row made from `templateId`, as provisioning records one (on a node row of the user). */
export async function containerFrom(userId: string, templateId: string, lifecycle: 'creating' | 'ready' = 'ready') {
  const db = getDb();
  const t = await db.template.findUniqueOrThrow({ where: { id: templateId } });
  const node = await db.node.create({ data: { userId, name: `n-${randomBytes(4).toString('hex')}`, host: '127.0.0.1', tokenId: 'kiln@pve!t', tokenSecretEnc: 'unused' } });
  return db.container.create({
    data: { userId, nodeId: node.id, templateId, templateSlug: t.slug, templateVersion: t.version, vmid: 100 + Math.floor(Math.random() * 800), hostname: 'ct', pveNode: 'pve1', spec: {}, lifecycle },
  });
}
