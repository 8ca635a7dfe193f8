import { CopyButton } from './copy-button';

/** The pveum commands that create a Kiln role, user and privilege-separated token. */
export function LeastPrivilegePanel({ commands }: { commands: string[] }) {
  const all = commands.join('\n');
  return (
    <details className="card p-4" id="least-privilege">
      <summary className="cursor-pointer font-semibold">Least-privilege setup (recommended)</summary>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Run these on a Proxmox node as root. They create a <code>Kiln</code> role with exactly the privileges Kiln needs, a<code> kiln@pve</code> user and a token with privilege separation.{' '}
        <code>pveum user token add</code> prints the token secret once: paste the token id and secret into the form.
      </p>
      <div className="relative mt-3">
        <pre className="overflow-x-auto rounded-md bg-zinc-950 p-3 text-xs leading-relaxed text-zinc-100">{all}</pre>
        <div className="absolute right-2 top-2">
          <CopyButton text={all} />
        </div>
      </div>
    </details>
  );
}
