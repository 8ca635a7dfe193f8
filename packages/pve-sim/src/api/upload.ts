import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { paramError, pveDie } from '../http/errors';
import { uploadTmpFile } from '../http/multipart';
import { archiveFormat } from '../state/catalog';
import { requireStorage } from '../state/storage';
import { ISO_EXT_RE, parseVolname, VZTMPL_EXT_RE } from '../state/volumes';
import type { Route } from './types';
import { volumeFile } from './volumes';

/** `normalize_content_filename`: the base name, anything unusual replaced by `_`. */
function normalizeFilename(name: string): string {
  return name
    .replace(/\n$/, '')
    .replace(/^.*[/\\]/, '')
    .replace(/[^a-zA-Z0-9_.-]/g, '_');
}

async function fileHash(algorithm: string, file: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * `POST /nodes/{node}/storage/{storage}/upload` (pve-storage's `upload`): checks the file pveproxy
 * received, then an `imgcopy` worker verifies the checksum and copies it into the storage. The
 * worker runs where the request arrived (the method has no `proxyto`); other nodes get it by scp.
 */
export function uploadRoute(): Route {
  return {
    method: 'POST',
    path: '/nodes/{node}/storage/{storage}/upload',
    handle: async ({ sim, authid, params }) => {
      const nodeName = params['node'] ?? '';
      const def = requireStorage(params['storage'] ?? '');
      if (def.type !== 'dir') throw pveDie(`can't upload to storage type '${def.type}'`);
      const content = params['content'] ?? '';
      const tmpfilename = params['tmpfilename'];
      if (!tmpfilename) throw pveDie('missing temporary file name');
      const tmp = uploadTmpFile(sim.settings.dataDir, tmpfilename);
      const size = tmp
        ? await stat(tmp).then(
            (s) => s.size,
            () => undefined,
          )
        : undefined;
      if (size === undefined || !tmp) throw pveDie(`temporary file '${tmpfilename}' does not exist`);
      const filename = normalizeFilename(params['filename'] ?? '');
      // `m![^/]+$EXT$!`: at least one character before the extension
      const named = (ext: RegExp): boolean => ext.test(filename) && filename.replace(ext, '').length > 0;
      let volname: string;
      if (content === 'iso') {
        if (!named(ISO_EXT_RE)) throw paramError({ filename: 'wrong file extension' });
        volname = `iso/${filename}`;
      } else if (content === 'vztmpl') {
        if (!named(VZTMPL_EXT_RE)) throw paramError({ filename: 'wrong file extension' });
        volname = `vztmpl/${filename}`;
      } else if (content === 'import') {
        if (!named(/\.(?:ova|qcow2|raw|vmdk)$/)) throw paramError({ filename: 'invalid filename or wrong extension' });
        volname = `import/${filename}`;
      } else {
        throw paramError({ content: `upload content type '${content}' not allowed` });
      }
      // no simulated storage has `import` content, so such uploads end here
      if (content === 'import' || !def.content.includes(content)) throw pveDie(`storage '${def.id}' does not support '${content}' content`);
      const dest = parseVolname(def, volname).path;
      const node = sim.node(nodeName);
      if (!node) throw pveDie(`Unable to get IP for node '${nodeName}' - node offline?`);
      const local = node.name === sim.localNode.name;
      const cmd = local
        ? `cp -- ${tmpfilename} ${dest}`
        : `/usr/bin/scp -o BatchMode=yes -o HostKeyAlias=${node.name} -o UserKnownHostsFile=/etc/pve/nodes/${node.name}/ssh_known_hosts -o GlobalKnownHostsFile=none -p -- ${tmpfilename} [${node.ip}]:${dest}`;
      const algorithm = params['checksum-algorithm'];
      const expected = params['checksum'] ?? '';
      const task = sim.tasks.start({
        node: sim.localNode,
        type: 'imgcopy',
        id: '',
        user: authid,
        durationMs: Math.min(300, sim.settings.taskMs),
        commit: async (log) => {
          log(`starting file import from: ${tmpfilename}`);
          try {
            if (algorithm) {
              const got = await fileHash(algorithm, tmp);
              if (got.toLowerCase() !== expected.toLowerCase()) {
                log('calculating checksum...');
                throw new Error(`checksum mismatch: got '${got}' != expect '${expected}'`);
              }
              log('calculating checksum...OK, checksum verified');
            }
          } catch (err) {
            await rm(tmp, { force: true });
            throw err;
          }
          log(`target node: ${node.name}`);
          log(`target file: ${dest}`);
          log(`file size is: ${size}`);
          log(`command: ${cmd}`);
          // the uploaded bytes land in the storage; an existing file is overwritten, as PVE does
          const target = volumeFile(sim, node.name, def.id, volname);
          await mkdir(dirname(target), { recursive: true });
          await rename(tmp, target);
          sim.storage.putFile(node.name, def.id, {
            volname,
            content,
            format: content === 'iso' ? 'iso' : archiveFormat(filename),
            size,
            ctime: Math.floor(Date.now() / 1000),
          });
          log('finished file import successfully');
        },
      });
      return task.upid;
    },
  };
}
