import type { UseFormRegisterReturn } from 'react-hook-form';

const FLAGS = [
  { key: 'nesting', label: 'Nesting (systemd in Debian 12 and Docker need it)', root: false },
  { key: 'keyctl', label: 'keyctl (Docker)', root: true },
  { key: 'fuse', label: 'FUSE mounts', root: true },
] as const;

/** The container feature flags Kiln offers (wizard and settings); keyctl and FUSE are set by root over SSH. */
export function FeatureFlags({ field }: { field: (flag: (typeof FLAGS)[number]['key']) => UseFormRegisterReturn & { defaultChecked?: boolean } }) {
  return (
    <>
      {FLAGS.map((f) => (
        <label key={f.key} className="flex items-center gap-2">
          <input type="checkbox" {...field(f.key)} /> {f.label}
          {f.root ? <span className="text-xs text-amber-700 dark:text-amber-400">needs root over SSH</span> : null}
        </label>
      ))}
    </>
  );
}
