/**
 * Running services and the `guestNetwork` option: a unit an install script writes really runs in
 * the container, its port is reachable at the address `.../interfaces` reports, and the
 * container reaches a host loopback service at its own 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxMode } from '../src/sandbox';
import { rawConnect, rawExec } from '../src/ssh/testing/raw-client';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

const namespaces = sandboxMode() === 'namespaces';
let t: TestSim;
let c: Client;
let hostServer: http.Server;
let hostPort: number;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const ct = (...argv: string[]) => rawExec(c, `pct exec 300 -- ${argv.map(q).join(' ')}`);
const sh = (script: string) => ct('sh', '-c', script);

const UNIT = `[Unit]
Description=Hello
[Service]
WorkingDirectory=/srv/hello
Environment="GREETING=hello there"
ExecStart=/usr/bin/python3 -m http.server 8080
Restart=always
[Install]
WantedBy=multi-user.target
`;

/** GET from the host; undefined while nothing answers. */
function get(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
  });
}

/** Polls until the daemon answers (a Python start takes a moment) or gives up after `attempts`. */
async function getEventually(url: string, attempts = 100): Promise<string | undefined> {
  for (let i = 0; i < attempts; i++) {
    const body = await get(url);
    if (body !== undefined) return body;
    await sleep(100);
  }
  return undefined;
}

async function containerIp(): Promise<string> {
  const ifaces = await t.api.data<Array<{ name: string; inet?: string }>>('GET', '/nodes/pve1/lxc/300/interfaces');
  const ip = ifaces.find((i) => i.name === 'eth0')?.inet?.split('/')[0];
  if (!ip) throw new Error('no address on eth0');
  return ip;
}

describe.runIf(namespaces)('services and guest networking', () => {
  beforeAll(async () => {
    hostServer = http.createServer((req, res) => res.end(`host loopback saw ${req.url ?? ''}`));
    await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
    hostPort = (hostServer.address() as AddressInfo).port;
    t = await startTestSim({ ssh: true, guestNetwork: { loopbackPorts: [hostPort] } });
    c = await rawConnect({ host: '127.0.0.1', port: t.sim.nodes[0]!.sshPort, username: 'root', password: t.sim.rootPassword });
    const upid = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 300, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', hostname: 'hello', net0: 'name=eth0,bridge=vmbr0,ip=dhcp', start: 1 });
    expect(await t.waitTask(upid)).toBe('OK');
  });
  afterAll(async () => {
    c?.end();
    await t?.close();
    await new Promise<void>((resolve) => (hostServer ? hostServer.close(() => resolve()) : resolve()));
  });

  it('hands out addresses from the claimed subnet and reaches the container at that address', async () => {
    const octet = t.sim.guestNetwork?.subnetOctet;
    expect(octet).toBeGreaterThanOrEqual(100);
    const ip = await containerIp();
    expect(ip).toMatch(new RegExp(`^10\\.${octet}\\.10\\.\\d+$`));
    // Inside, eth0 carries that address, with the configured MAC and a default route.
    const link = await sh('ip -4 -o addr show dev eth0; ip route show default');
    expect(link.stdout).toContain(`inet ${ip}/24`);
    expect(link.stdout).toContain(`default via 10.${octet}.10.1 dev eth0`);
  });

  it("runs a unit's ExecStart as a daemon that outlives the exec and answers on the container's address", async () => {
    const setup = await rawExec(c, 'pct exec 300 -- sh -c \'mkdir -p /srv/hello && echo "hello from the container" > /srv/hello/index.html && cat > /etc/systemd/system/hello.service\'', {
      stdin: UNIT,
    });
    expect(setup.code).toBe(0);
    expect((await ct('systemctl', 'enable', '--now', 'hello')).code).toBe(0);
    expect(await ct('systemctl', 'is-active', 'hello')).toEqual({ code: 0, stdout: 'active\n', stderr: '' });
    const ip = await containerIp();
    expect(await getEventually(`http://${ip}:8080/`)).toBe('hello from the container\n');
    // The daemon is a real process in the container, with the unit's environment, not in the exec's group.
    const pid = (await ct('systemctl', 'show', '-p', 'MainPID', '--value', 'hello')).stdout.trim();
    expect(Number(pid)).toBeGreaterThan(1);
    expect((await sh(`tr '\\0' '\\n' < /proc/${pid}/environ`)).stdout).toContain('GREETING=hello there');
    expect((await sh(`readlink /proc/${pid}/cwd`)).stdout).toBe('/srv/hello\n');
  });

  it('stops the daemon on stop and restarts it; a daemon that died shows as failed', async () => {
    const ip = await containerIp();
    expect((await ct('systemctl', 'stop', 'hello')).code).toBe(0);
    expect(await ct('systemctl', 'is-active', 'hello')).toEqual({ code: 3, stdout: 'inactive\n', stderr: '' });
    expect(await get(`http://${ip}:8080/`)).toBeUndefined();
    expect((await ct('systemctl', 'restart', 'hello')).code).toBe(0);
    expect(await getEventually(`http://${ip}:8080/`)).toBe('hello from the container\n');
    const pid = (await ct('systemctl', 'show', '-p', 'MainPID', '--value', 'hello')).stdout.trim();
    expect((await ct('kill', '-KILL', pid)).code).toBe(0);
    const status = await ct('systemctl', 'is-active', 'hello');
    expect(status).toEqual({ code: 3, stdout: 'failed\n', stderr: '' });
  });

  it("reaches the host's loopback service at the container's own 127.0.0.1", async () => {
    const r = await ct('curl', '-fsS', `http://127.0.0.1:${hostPort}/fixture.git`);
    expect(r).toMatchObject({ code: 0, stdout: 'host loopback saw /fixture.git' });
    // Only the ports the simulator was given: anything else on the host stays unreachable.
    const other = await ct('curl', '-fsS', '--max-time', '5', `http://127.0.0.1:${t.sim.apiPort}/`);
    expect(other.code).not.toBe(0);
  });

  it('brings enabled services back when the container restarts, and ends everything when it stops', async () => {
    const ip = await containerIp();
    expect(await t.waitTask(await t.api.data<string>('POST', '/nodes/pve1/lxc/300/status/reboot'))).toBe('OK');
    expect(await getEventually(`http://${await containerIp()}:8080/`)).toBe('hello from the container\n');
    expect(await t.waitTask(await t.api.data<string>('POST', '/nodes/pve1/lxc/300/status/stop'))).toBe('OK');
    expect(await get(`http://${ip}:8080/`)).toBeUndefined();
    const bridge = t.sim.guestNetwork?.bridge ?? '';
    expect(execFileSync('ip', ['-o', 'link', 'show', 'master', bridge], { encoding: 'utf8' })).toBe('');
  });
});

describe.runIf(namespaces)('without the guestNetwork option', () => {
  let plain: TestSim;
  let client: Client;
  beforeAll(async () => {
    plain = await startTestSim({ ssh: true });
    client = await rawConnect({ host: '127.0.0.1', port: plain.sim.nodes[0]!.sshPort, username: 'root', password: plain.sim.rootPassword });
    const upid = await plain.api.data<string>('POST', '/nodes/pve1/lxc', {
      vmid: 301,
      ostemplate: TEMPLATE,
      rootfs: 'local-lvm:4',
      hostname: 'inside',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
      start: 1,
    });
    expect(await plain.waitTask(upid)).toBe('OK');
  });
  afterAll(async () => {
    client?.end();
    await plain?.close();
  });

  it("has the container's address inside only: a daemon answers there from inside, nothing outside reaches it", async () => {
    expect(plain.sim.guestNetwork).toBeUndefined();
    const ifaces = await plain.api.data<Array<{ name: string; inet?: string }>>('GET', '/nodes/pve1/lxc/301/interfaces');
    const ip = ifaces.find((i) => i.name === 'eth0')?.inet?.split('/')[0] ?? '';
    expect(ip).toMatch(/^10\.10\.10\.\d+$/);
    const inside = (script: string) => rawExec(client, `pct exec 301 -- sh -c ${q(script)}`);
    expect((await inside('mkdir -p /srv/hello && echo inside > /srv/hello/index.html')).code).toBe(0);
    expect((await rawExec(client, "pct exec 301 -- sh -c 'cat > /etc/systemd/system/hello.service'", { stdin: UNIT })).code).toBe(0);
    expect((await inside('systemctl start hello')).code).toBe(0);
    // Polls from inside until Python listens (bounded), then fetches the page from the container's own address.
    const fetched = await inside(`for i in $(seq 100); do curl -fsS http://${ip}:8080/ && exit 0; sleep 0.1; done; exit 1`);
    expect(fetched).toMatchObject({ code: 0, stdout: 'inside\n' });
    // From the host that address is not the container (here it goes out the default route instead).
    expect(await get(`http://${ip}:8080/`)).not.toBe('inside\n');
  });
});
