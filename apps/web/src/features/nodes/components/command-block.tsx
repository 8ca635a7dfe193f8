import { CopyButton } from './copy-button';

/** Shell commands to run on a Proxmox node, with a copy button. */
export function CommandBlock({ commands }: { commands: string[] }) {
  const all = commands.join('\n');
  return (
    <div className="relative">
      <pre className="overflow-x-auto rounded-md bg-zinc-950 p-3 text-xs leading-relaxed text-zinc-100">{all}</pre>
      <div className="absolute right-2 top-2">
        <CopyButton text={all} />
      </div>
    </div>
  );
}
