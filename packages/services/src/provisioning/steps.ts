import { StringDecoder } from 'node:string_decoder';
import { matchOsTemplate } from '@kiln/core/templates';
import { create, waitCreate } from './create-steps';
import { probeAddress } from './probe-step';
import { StepFailure } from './errors';
import { splitForToken } from './pve-options';
import type { StepContext, StepResult } from './step-context';
import { pveKind, resumableUpid, sleep, waitTask } from './step-helpers';

/** Fixed steps every creation runs, in order; the template's own steps and healthcheck follow. */
export const FIXED_STEPS = [
  { key: 'ensure-template', title: 'Find or download the OS template' },
  { key: 'create', title: 'Create the container' },
  { key: 'wait-create', title: 'Wait for Proxmox to create it' },
  { key: 'root-options', title: 'Apply root-only options (pct set over SSH)' },
  { key: 'start', title: 'Start the container' },
  { key: 'wait-ip', title: 'Wait for an IP address' },
] as const;

async function ensureTemplate(ctx: StepContext): Promise<StepResult> {
  const { pve, spec } = ctx;
  const node = spec.pveNode;
  const template = ctx.plan().template;
  const stores = await pve.storages(node, { content: 'vztmpl', enabled: true });
  const volids: string[] = [];
  for (const s of stores) {
    const items = await pve.storageContent(node, s.storage, { content: 'vztmpl' });
    volids.push(...items.map((i) => i.volid));
  }
  // The image the user chose in the wizard, if any (checked against the template's OS when asked for).
  if (spec.osImage) {
    if (!volids.includes(spec.osImage)) throw new StepFailure(`The chosen OS image ${spec.osImage} is no longer on ${node}. Pick another one and create the container again.`);
    ctx.facts.ostemplate = spec.osImage;
    ctx.output(`Using ${spec.osImage} (chosen in the wizard)\n`);
    return { data: { ostemplate: spec.osImage } };
  }
  const found = matchOsTemplate(template.os, volids);
  if (found) {
    ctx.facts.ostemplate = found;
    ctx.output(`Using ${found}\n`);
    return { data: { ostemplate: found } };
  }
  const target = stores[0]?.storage;
  if (!target) throw new StepFailure(`Node ${node} has no storage for container templates (content "vztmpl").`);
  const available = (await pve.aplinfo(node)).map((a) => a.template);
  const name = matchOsTemplate(template.os, available);
  if (!name) throw new StepFailure(`No ${template.os.distribution} ${template.os.version} template is available on ${node} or in its template list.`);
  const upid = (await resumableUpid(ctx)) ?? (await pve.downloadTemplate(node, target, name));
  await ctx.checkpoint({ upid });
  ctx.output(`Downloading ${name} to ${target}\n`);
  await waitTask(ctx, upid, 30 * 60_000);
  const volid = `${target}:vztmpl/${name}`;
  ctx.facts.ostemplate = volid;
  return { data: { ostemplate: volid, downloaded: true } };
}

async function rootOptions(ctx: StepContext): Promise<StepResult | 'skipped'> {
  const split = splitForToken(ctx.container.id, ctx.spec, ctx.facts.ostemplate ?? 'local:vztmpl/x.tar.zst');
  const keys = Object.keys(split.rootOnly);
  if (keys.length === 0) return 'skipped';
  if (!ctx.ssh) throw new StepFailure(`${keys.join(', ')} need root over SSH (pct set), and SSH to this node is not working.`);
  ctx.output(`pct set ${ctx.spec.vmid} ${keys.map((k) => `--${k} ${split.rootOnly[k]}`).join(' ')}\n`);
  await ctx.ssh.pctSet(ctx.spec.vmid, split.rootOnly, { signal: ctx.signal });
  return { data: { keys } };
}

async function start(ctx: StepContext): Promise<StepResult> {
  const status = await ctx.pve.lxcStatus(ctx.spec.pveNode, ctx.spec.vmid);
  if (status.status === 'running') return { data: { alreadyRunning: true } };
  let upid = await resumableUpid(ctx);
  if (!upid) {
    try {
      upid = await ctx.pve.lxcStart(ctx.spec.pveNode, ctx.spec.vmid);
    } catch (e) {
      if (pveKind(e)?.kind === 'already-running') return { data: { alreadyRunning: true } };
      throw e;
    }
    await ctx.checkpoint({ upid });
  }
  await waitTask(ctx, upid, 5 * 60_000);
  return { data: { upid } };
}

async function waitIp(ctx: StepContext): Promise<StepResult> {
  const v4 = ctx.spec.network.ipv4;
  if (v4 !== 'dhcp') {
    const ip = v4.cidr.split('/')[0]!;
    ctx.facts.ip = ip;
    await ctx.db.container.update({ where: { id: ctx.container.id }, data: { ip } });
    return { data: { ip } };
  }
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ifaces = await ctx.pve.lxcInterfaces(ctx.spec.pveNode, ctx.spec.vmid).catch(() => []);
    const eth0 = ifaces.find((i) => i.name === 'eth0');
    const ip = eth0?.inet?.split('/')[0];
    if (ip && !ip.startsWith('127.')) {
      ctx.facts.ip = ip;
      ctx.output(`eth0: ${ip}\n`);
      await ctx.db.container.update({ where: { id: ctx.container.id }, data: { ip } });
      return { data: { ip } };
    }
    await sleep(1500, ctx.signal);
  }
  throw new StepFailure('The container got no IPv4 address within 2 minutes. Check DHCP on the bridge, or use a static address.');
}

/** A template step or the healthcheck, run inside the container with `pct exec`. */
async function execStep(ctx: StepContext): Promise<StepResult> {
  if (!ctx.ssh) throw new StepFailure('SSH to this node is not working: Kiln cannot run the template steps.');
  const planned = ctx.plan().steps.find((s) => s.key === ctx.step.key);
  if (!planned) throw new StepFailure(`The template has no step ${ctx.step.key} any more.`);
  // A decoder per stream, so a UTF-8 character split across chunks (a secret in it, too) stays whole.
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const res = await ctx.ssh.pctExec(ctx.spec.vmid, planned.exec.argv, {
    stdin: planned.exec.stdin,
    timeout: planned.timeoutMs,
    signal: ctx.signal,
    onOutput: (chunk, stream) => ctx.output(decoders[stream].write(chunk), stream),
  });
  ctx.output(decoders.stdout.end(), 'stdout');
  ctx.output(decoders.stderr.end(), 'stderr');
  const tail = ctx
    .plan()
    .redact(`${res.stdout}${res.stderr ? `\n${res.stderr}` : ''}`)
    .slice(-4000);
  if (res.exitCode !== 0) throw new StepFailure(`The command exited with code ${res.exitCode}.`, { exitCode: res.exitCode, outputTail: tail });
  return { exitCode: 0, outputTail: tail };
}

async function healthcheck(ctx: StepContext): Promise<StepResult | 'skipped'> {
  const hc = ctx.plan().healthcheck;
  if (!hc) return 'skipped';
  if (!ctx.ssh) throw new StepFailure('SSH to this node is not working: Kiln cannot run the healthcheck.');
  let last = '';
  for (let attempt = 1; attempt <= hc.retries; attempt++) {
    const res = await ctx.ssh.pctExec(ctx.spec.vmid, hc.exec.argv, { stdin: hc.exec.stdin, timeout: hc.timeoutMs, signal: ctx.signal });
    last = ctx.plan().redact(`${res.stdout}${res.stderr}`).slice(-2000);
    if (res.exitCode === 0) {
      ctx.output(`healthy (attempt ${attempt})\n`);
      return { exitCode: 0, outputTail: last };
    }
    ctx.output(`not healthy yet (attempt ${attempt}/${hc.retries}, exit ${res.exitCode})\n`);
    if (attempt < hc.retries) await sleep(hc.intervalMs, ctx.signal);
  }
  throw new StepFailure(`The healthcheck did not pass after ${hc.retries} attempts.`, { outputTail: last });
}

export type StepHandler = (ctx: StepContext) => Promise<StepResult | 'skipped'>;

export function handlerFor(key: string): StepHandler {
  switch (key) {
    case 'ensure-template':
      return ensureTemplate;
    case 'probe-address':
      return probeAddress;
    case 'create':
      return create;
    case 'wait-create':
      return waitCreate;
    case 'root-options':
      return rootOptions;
    case 'start':
      return start;
    case 'wait-ip':
      return waitIp;
    case 'healthcheck':
      return healthcheck;
    default:
      if (key.startsWith('step:')) return execStep;
      throw new StepFailure(`Unknown step ${key}.`);
  }
}
