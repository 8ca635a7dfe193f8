import { CommandBlock } from './command-block';

/** The pveum commands that create a Kiln role, user and privilege-separated token. */
export function LeastPrivilegePanel({ commands }: { commands: string[] }) {
  return (
    <details className="card p-4" id="least-privilege">
      <summary className="cursor-pointer font-semibold">Least-privilege setup (recommended)</summary>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Run these on a Proxmox node as root. They create a <code>Kiln</code> role with exactly the privileges Kiln needs, a<code> kiln@pve</code> user and a token with privilege separation.{' '}
        <code>pveum user token add</code> prints the token secret once: paste the token id and secret into the form.
      </p>
      <div className="mt-3">
        <CommandBlock commands={commands} />
      </div>
    </details>
  );
}
