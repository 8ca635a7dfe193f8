import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { paramError, pveDie } from '../http/errors';
import { OciPullError, pullOciImage } from '../oci/pull';
import { canonicalReference, ociFileName, parseOciReference } from '../oci/reference';
import { splitList } from '../schema/formats';
import type { Sim } from '../sim';
import { APL_CATALOG } from '../state/catalog';
import { requireStorage, STORAGES, type StorageDef } from '../state/storage';
import type { NodeRecord } from '../state/types';
import type { Route } from './types';
import { volumeFile } from './volumes';

function storageStatus(sim: Sim, node: NodeRecord, def: StorageDef): Record<string, unknown> {
  const u = sim.storage.usage(node, def);
  return { type: def.type, content: def.content.join(','), active: 1, enabled: 1, shared: def.shared, total: u.total, used: u.used, avail: u.avail };
}

export function storageRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/nodes/{node}/storage',
      handle: ({ sim, authid, params }) => {
        const node = sim.proxyNode(params['node'] ?? '');
        const wanted = params['content'] ? splitList(params['content']) : [];
        return STORAGES.filter((def) => !params['storage'] || def.id === params['storage'])
          .filter((def) => wanted.length === 0 || wanted.some((c) => def.content.includes(c)))
          .filter((def) => sim.acl.check(authid, `/storage/${def.id}`, ['Datastore.Audit', 'Datastore.AllocateSpace'], { any: true, noerr: true }))
          .map((def) => {
            const st = storageStatus(sim, node, def);
            const fraction = Number(st['used']) / Number(st['total']);
            return { storage: def.id, ...st, used_fraction: Number(fraction.toFixed(6)) };
          });
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/storage/{storage}/status',
      handle: ({ sim, params }) => storageStatus(sim, sim.proxyNode(params['node'] ?? ''), requireStorage(params['storage'] ?? '')),
    },
    {
      method: 'GET',
      path: '/nodes/{node}/storage/{storage}/content',
      handle: ({ sim, authid, params }) => {
        const node = sim.proxyNode(params['node'] ?? '');
        const def = requireStorage(params['storage'] ?? '');
        const content = params['content'];
        const vmid = params['vmid'] === undefined ? undefined : Number(params['vmid']);
        const canAllocate = sim.acl.check(authid, `/storage/${def.id}`, ['Datastore.Allocate'], { noerr: true });
        return sim.storage
          .volumes(node.name, def.id)
          .filter((v) => !content || v.content === content)
          .filter((v) => vmid === undefined || v.vmid === vmid)
          .filter((v) => v.vmid === undefined || canAllocate || sim.acl.check(authid, `/vms/${v.vmid}`, ['VM.Audit'], { noerr: true }))
          .map((v) => ({
            volid: `${def.id}:${v.volname}`,
            content: v.content,
            format: v.format,
            size: v.size,
            ctime: v.ctime,
            ...(v.vmid !== undefined ? { vmid: v.vmid } : {}),
            // backups: the guest type, the notes' first line and the protection flag, as the dir plugin lists them
            ...(v.subtype ? { subtype: v.subtype } : {}),
            ...(v.notes !== undefined ? { notes: v.notes } : {}),
            ...(v.protected ? { protected: 1 } : {}),
          }));
      },
    },
    {
      method: 'POST',
      path: '/nodes/{node}/storage/{storage}/content',
      handle: ({ sim, params }) => {
        const node = sim.proxyNode(params['node'] ?? '');
        const def = requireStorage(params['storage'] ?? '');
        const vmid = Number(params['vmid']);
        const name = params['filename'] ?? '';
        if (!name.startsWith(`vm-${vmid}-`)) throw paramError({ filename: `illegal name '${name}' - should be 'vm-${vmid}-*'` });
        if (!def.content.includes('images') && !def.content.includes('rootdir')) throw pveDie(`storage '${def.id}' does not support vm images`);
        const m = /^(\d+)([MG])?$/.exec(params['size'] ?? '');
        const kib = Number(m?.[1] ?? 0) * (m?.[2] === 'G' ? 1024 * 1024 : m?.[2] === 'M' ? 1024 : 1);
        return sim.storage.allocNamed(node.name, def.id, vmid, name, kib * 1024);
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/aplinfo',
      handle: ({ sim, params }) => {
        sim.proxyNode(params['node'] ?? '');
        return APL_CATALOG.map(({ size: _size, ...entry }) => entry);
      },
    },
    {
      method: 'POST',
      path: '/nodes/{node}/aplinfo',
      handle: ({ sim, authid, params }) => {
        const node = sim.proxyNode(params['node'] ?? '');
        const template = params['template'] ?? '';
        const apl = APL_CATALOG.find((a) => a.template === template);
        if (!apl) throw paramError({ template: 'no such template' });
        const def = requireStorage(params['storage'] ?? '');
        if (!def.content.includes('vztmpl')) throw pveDie(`storage '${def.id}' does not support templates`);
        const target = `/var/lib/vz/template/cache/${template}`;
        const task = sim.tasks.start({
          node,
          type: 'download',
          id: template,
          user: authid,
          durationMs: sim.settings.taskMs,
          lines: [
            `starting template download from: ${apl.source}`,
            `target file: ${target}`,
            `${template}.tmp.${process.pid}     100%[===================>] ${(apl.size / 1024 / 1024).toFixed(2)}M  48.1MB/s    in 2.5s`,
            `download of '${apl.source}' to '${target}' finished`,
            'calculating checksum...OK, checksum verified',
          ],
          commit: () => sim.storage.addTemplate(node.name, def.id, template, apl.size),
        });
        return task.upid;
      },
    },
    {
      method: 'POST',
      path: '/nodes/{node}/storage/{storage}/oci-registry-pull',
      handle: ({ sim, authid, params }) => {
        const node = sim.proxyNode(params['node'] ?? '');
        const def = requireStorage(params['storage'] ?? '');
        if (def.type !== 'dir') throw pveDie(`can't upload to storage type '${def.type}', not a file based storage!`);
        if (!def.content.includes('vztmpl')) throw pveDie(`storage '${def.id}' does not support 'vztmpl' content`);
        const reference = params['reference'] ?? '';
        const file = ociFileName(reference, params['filename']);
        const ref = parseOciReference(reference);
        const target = `/var/lib/vz/template/cache/${file}`;
        const command = `/usr/bin/skopeo copy --override-os linux --override-arch amd64 docker://${reference} oci-archive:${target}.tmp.${process.pid}`;
        const task = sim.tasks.start({
          node,
          type: 'download',
          id: file,
          user: authid,
          durationMs: sim.settings.taskMs,
          commit: async (log) => {
            log(`pulling OCI image '${canonicalReference(ref)}' to '${target}'`);
            let archive: Buffer;
            try {
              archive = await pullOciImage(ref, { arch: 'amd64', log });
            } catch (err) {
              if (!(err instanceof OciPullError)) throw err;
              // skopeo's last word on stderr, then run_command's die
              log(`time="${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}" level=fatal msg="${err.message.replace(/"/g, '\\"')}"`);
              throw new Error(`command '${command}' failed: exit code 1`, { cause: err });
            }
            const path = volumeFile(sim, node.name, def.id, `vztmpl/${file}`);
            await mkdir(dirname(path), { recursive: true });
            await writeFile(path, archive);
            sim.storage.addTemplate(node.name, def.id, file, archive.length);
            log(`pulled OCI image to '${target}' (${archive.length} bytes)`);
          },
        });
        return task.upid;
      },
    },
  ];
}
