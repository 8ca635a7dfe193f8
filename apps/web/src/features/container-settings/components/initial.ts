import { get, type FieldPath, type RegisterOptions, type UseFormReturn } from 'react-hook-form';
import type { SettingsInput, SettingsValues } from '@kiln/services/schemas';

type Form = UseFormReturn<SettingsInput, unknown, SettingsValues>;
type Name = FieldPath<SettingsInput>;

const asText = (v: unknown) => (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v));

/**
 * `register` plus the loaded value as `defaultValue`/`defaultChecked`, so the server's HTML already
 * shows the container's settings (react-hook-form fills registered inputs only once it hydrates).
 */
export function withInitial(form: Form) {
  const initial = (name: Name): unknown => get(form.formState.defaultValues, name);
  return {
    input: (name: Name, options?: RegisterOptions<SettingsInput, Name>) => ({ ...form.register(name, options), defaultValue: asText(initial(name)) }),
    check: (name: Name) => ({ ...form.register(name), defaultChecked: initial(name) === true }),
    radio: (name: Name, value: string) => ({ ...form.register(name), value, defaultChecked: initial(name) === value }),
  };
}
