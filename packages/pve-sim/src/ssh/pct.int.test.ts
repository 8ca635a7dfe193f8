import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import type { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from './testing/memory-cluster';
import { rawConnect, rawExec } from './testing/raw-client';

let node: TestNode;
let c: Client;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const run = (cmd: string, opts?: { stdin?: string | Buffer; pty?: boolean; readAfterMs?: number }) => rawExec(c, cmd, opts);

/** Fails fast (instead of at the test timeout) when the exit status never comes. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no exit status within ${ms} ms`)), ms))]);
}

beforeAll(async () => {
  node = await startTestNode({ containers: [{ vmid: 101 }, { vmid: 102, status: 'stopped' }, { vmid: 103, node: 'pve2' }, { vmid: 104 }, { vmid: 105, lazy: true }] });
  c = await rawConnect({ host: node.host, port: node.port, username: 'root', password: node.rootPassword });
});
afterAll(async () => {
  c?.end();
  await node?.close();
});

describe('pct exec', () => {
  it.each([0, 1, 7, 255])('passes exit code %i through unchanged', async (code) => {
    expect((await run(`pct exec 101 -- sh -c ${q(`exit ${code}`)}`)).code).toBe(code);
  });

  it('reports a missing program like lxc-attach, with 127', async () => {
    const r = await run('pct exec 101 -- no-such-program arg');
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('Failed to exec "no-such-program"');
  });

  it('streams stdin to the command and its output back, byte for byte', async () => {
    const input = crypto.randomBytes(100 * 1024).toString('base64');
    const r = await run('pct exec 101 -- sha256sum', { stdin: input });
    expect(r.stdout.split(' ')[0]).toBe(crypto.createHash('sha256').update(input).digest('hex'));
  });

  it('delivers all output before the exit status, even megabytes of it', async () => {
    const r = await run('pct exec 101 -- sh -c \'head -c 3000000 /dev/zero | tr "\\0" x; echo; echo done >&2; exit 3\'');
    expect(r.code).toBe(3);
    expect(r.stdout.length).toBe(3_000_001);
    expect(r.stderr).toBe('done\n');
  });

  it('sends stderr written while stdout waits for a slow client, and then the exit status', async () => {
    // stdout fills the SSH window (the client reads nothing for 1.5 s); stderr comes meanwhile.
    const script = "(head -c 4000000 /dev/zero | tr '\\0' x) & (sleep 0.5; echo late >&2); wait; exit 3";
    const r = await within(30_000, run(`pct exec 101 -- sh -c ${q(script)}`, { readAfterMs: 1500 }));
    expect(r.code).toBe(3);
    expect(r.stdout.length).toBe(4_000_000);
    expect(r.stderr).toBe('late\n');
  });

  it('runs as root in /root of the container, with the shims first on PATH', async () => {
    const r = await run('pct exec 101 -- sh -c \'echo "$(id -un) $(pwd) $(hostname) $PATH"\'');
    expect(r.stdout).toBe('root /root ct101 /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n');
  });

  it("asks the cluster to create a lazily seeded CT's filesystem before running in it", async () => {
    expect(node.view.prepared).not.toContain(105);
    expect(await run('pct exec 105 -- cat /etc/hostname')).toEqual({ code: 0, stdout: 'ct105\n', stderr: '' });
    expect(node.view.prepared).toEqual([105]);
  });

  it('refuses a stopped CT with the text of current pct and exit 255', async () => {
    expect(await run('pct exec 102 -- true')).toEqual({ code: 255, stdout: '', stderr: "container '102' not running!\n" });
  });

  it('does not know CTs of other nodes or unknown CTs', async () => {
    for (const vmid of [103, 999]) {
      expect(await run(`pct exec ${vmid} -- true`)).toMatchObject({ code: 255, stderr: `Configuration file 'nodes/pve1/lxc/${vmid}.conf' does not exist\n` });
    }
  });

  it('prints PVE usage errors', async () => {
    expect(await run('pct exec')).toMatchObject({ code: 255, stderr: '400 not enough arguments\npct exec <vmid> [<extra-args>] [OPTIONS]\n' });
    expect(await run('pct exec 101 ls -l')).toMatchObject({ code: 255, stderr: expect.stringContaining('Unknown option: l\n400 unable to parse option') });
    expect(await run('pct frobnicate 101')).toMatchObject({ code: 255, stderr: expect.stringContaining("ERROR: unknown command 'pct frobnicate'") });
  });

  it('kills the command and everything it started when the channel closes', async () => {
    const marker = String(40000 + Math.floor(Math.random() * 9999));
    const pending = new Promise<void>((resolve, reject) => {
      c.exec(`pct exec 101 -- sh -c ${q(`sleep ${marker} & echo started; wait`)}`, (err, ch) => {
        if (err) return reject(err);
        ch.on('data', (d: Buffer) => {
          if (d.toString().includes('started')) ch.close();
        });
        ch.on('close', () => resolve());
      });
    });
    await pending;
    const alive = () =>
      execFileSync('ps', ['-eo', 'args'])
        .toString()
        .split('\n')
        .some((l) => l.trim() === `sleep ${marker}`);
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
  });
});

describe('isolation', () => {
  it('keeps each container in its own filesystem', async () => {
    const secret = crypto.randomBytes(8).toString('hex');
    expect((await run(`pct exec 101 -- sh -c ${q(`echo ${secret} > /root/secret; cat /root/secret`)}`)).stdout).toBe(`${secret}\n`);
    const other = await run('pct exec 104 -- cat /root/secret');
    expect(other.code).not.toBe(0);
    expect(other.stdout).toBe('');
  });

  it('does not show the host filesystem, and /usr is read-only', async () => {
    const marker = `/root/kiln-sim-host-marker-${crypto.randomBytes(4).toString('hex')}`;
    execFileSync('touch', [marker]);
    try {
      expect((await run(`pct exec 101 -- test -e ${marker}`)).code).toBe(1);
      expect((await run(`pct exec 101 -- sh -c ${q(`ls /proc/1/root${marker}`)}`)).code).not.toBe(0);
      const w = await run('pct exec 101 -- touch /usr/kiln-sim-x');
      expect(w.code).toBe(1);
      expect(w.stderr).toContain('Read-only file system');
      expect((await run('pct exec 101 -- mount -o remount,rw /usr')).code).not.toBe(0);
    } finally {
      execFileSync('rm', ['-f', marker]);
    }
  });

  it('has its own PID namespace and no network', async () => {
    // PID 1 is the container's init; the host's processes (this test runner among them) are not there.
    const ps = await run('pct exec 101 -- ps -e -o pid=,args=');
    expect(ps.stdout).toMatch(/^\s*1 \/bin\/sh -c echo ready; while/);
    expect(ps.stdout).not.toMatch(/vitest|unshare|nsenter/);
    const net = await run('pct exec 101 -- cat /proc/net/dev');
    expect(net.stdout).toContain('lo:');
    expect(net.stdout.match(/^\s*\w+:/gm)).toHaveLength(1);
    // Loopback is up, as in a real container: a local server and client can talk.
    const lo = await run(
      `pct exec 101 -- node -e ${q("const s=require('net').createServer(c=>c.end('pong')).listen(0,'127.0.0.1',()=>require('net').connect(s.address().port,'127.0.0.1').on('data',d=>{console.log(String(d));process.exit(0)}))")}`,
    );
    expect(lo).toMatchObject({ code: 0, stdout: 'pong\n' });
  });
});

describe('pct push / pull', () => {
  it('writes stdin to a file in the container with perms and owner, and reads it back', async () => {
    const content = `token=${crypto.randomBytes(12).toString('hex')}\n`;
    expect(await run('pct push 101 /dev/stdin /etc/app.env --perms 640 --user www-data --group www-data', { stdin: content })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await run('pct exec 101 -- stat -c %a:%U:%G /etc/app.env')).stdout).toBe('640:www-data:www-data\n');
    expect(await run('pct pull 101 /etc/app.env /dev/stdout')).toEqual({ code: 0, stdout: content, stderr: '' });
  });

  it('fails like pct for a missing directory, a non-stdin source and a stopped CT', async () => {
    expect(await run('pct push 101 /dev/stdin /nonexistent/dir/f', { stdin: 'x' })).toMatchObject({ code: 255, stderr: 'failed to create file: /nonexistent/dir/f: No such file or directory\n' });
    expect(await run('pct push 101 /root/local-file /tmp/f')).toMatchObject({ code: 255, stderr: 'failed to open /root/local-file for reading\n' });
    expect(await run('pct push 102 /dev/stdin /tmp/f', { stdin: 'x' })).toMatchObject({ code: 255, stderr: 'can only push files to a running CT\n' });
    expect(await run('pct push 101 /dev/stdin /tmp/f --perms 9z', { stdin: 'x' })).toMatchObject({ code: 255, stderr: "invalid mode: '9z'\n" });
  });
});

describe('pct set / status / config / start / stop', () => {
  it('passes root-only options to the cluster', async () => {
    const r = await run('pct set 101 --features keyctl=1,fuse=1,nesting=1 -mp0 /srv/data,mp=/data --dev0 /dev/net/tun,mode=0666 --lxc.apparmor.profile unconfined --delete swap,description');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(node.view.setCalls.at(-1)).toEqual({
      vmid: 101,
      changes: { features: 'keyctl=1,fuse=1,nesting=1', mp0: '/srv/data,mp=/data', dev0: '/dev/net/tun,mode=0666', 'lxc.apparmor.profile': 'unconfined' },
      deletes: ['swap', 'description'],
    });
    expect((await run('pct config 101')).stdout).toContain('features: keyctl=1,fuse=1,nesting=1\n');
  });

  it('reports the cluster refusing a change with its message and exit 255', async () => {
    expect(await run('pct set 101 --bogus 1')).toMatchObject({ code: 255, stderr: expect.stringMatching(/^400 Parameter verification failed\.\nbogus: /) });
    expect(await run('pct set 101')).toMatchObject({ code: 255, stderr: 'no options specified\n' });
  });

  it('stops and starts a CT, with its services following', async () => {
    expect((await run('pct status 104')).stdout).toBe('status: running\n');
    expect((await run('pct stop 104')).code).toBe(0);
    expect((await run('pct status 104')).stdout).toBe('status: stopped\n');
    expect((await run('pct stop 104')).stderr).toBe('CT 104 not running\n');
    expect((await run('pct start 104')).code).toBe(0);
    expect((await run('pct exec 104 -- systemctl is-active ssh cron')).stdout).toBe('active\nactive\n');
    expect((await run('pct exec 104 -- journalctl -u ssh -o cat')).stdout).toContain('Stopped ssh.service - OpenBSD Secure Shell server.\n');
  });
});

describe('pct enter', () => {
  it('gives an interactive shell on a terminal that echoes what is typed', async () => {
    const r = await run('pct enter 101', { pty: true, stdin: 'echo kiln-ok\nexit 4\n' });
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('root@ct101:~# echo kiln-ok\r\n');
    expect(r.stdout).toMatch(/\r\n(\x1b\[\?2004l\r)?kiln-ok\r\n/);
  });

  it('follows window-change requests', async () => {
    const output = await new Promise<string>((resolve, reject) => {
      c.exec('pct enter 101', { pty: { cols: 80, rows: 24, term: 'xterm' } }, (err, ch) => {
        if (err) return reject(err);
        let out = '';
        let tries = 0;
        ch.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('41 133')) ch.end('exit\n');
        });
        ch.on('close', () => resolve(out));
        const poll = setInterval(() => {
          if (out.includes('41 133') || ++tries > 100) return clearInterval(poll);
          ch.setWindow(41, 133, 0, 0);
          ch.write('stty size\n');
        }, 100);
      });
    });
    expect(output).toContain('41 133');
  });

  it('refuses a stopped CT', async () => {
    expect(await run('pct enter 102')).toMatchObject({ code: 255, stderr: "container '102' not running!\n" });
  });
});
