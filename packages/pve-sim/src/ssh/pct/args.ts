/**
 * Command-line parsing the way PVE's CLIHandler does it (Getopt::Long in permute mode):
 * `--opt value`, `-opt value`, `--opt=value`, options and arguments in any order, `--` ends
 * options. Errors carry PVE's texts; pct exits with 255 on every one of them.
 */

export type OptionType = 'string' | 'boolean';

export interface PctCommandSpec {
  usage: string;
  positional: readonly string[];
  options: Readonly<Record<string, OptionType>>;
  /** Remaining arguments become `extra-args` (pct exec). */
  extraArgs?: boolean;
  /** Any `--key value` is accepted (pct set passes config keys through to the cluster). */
  anyOption?: boolean;
}

export interface PctArgs {
  positional: Record<string, string>;
  options: Record<string, string>;
  extra: string[];
}

/** An error pct reports on stderr before exiting with 255. */
export class PctError extends Error {}

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

function usageError(spec: PctCommandSpec, lines: string[]): PctError {
  return new PctError(`${lines.join('\n')}\n${spec.usage}`);
}

export function parsePctArgs(spec: PctCommandSpec, argv: readonly string[]): PctArgs {
  const options: Record<string, string> = {};
  const rest: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      i++;
      break;
    }
    if (!/^--?[A-Za-z]/.test(a)) {
      rest.push(a);
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const type = spec.options[name] ?? (spec.anyOption ? 'string' : undefined);
    if (!type) throw usageError(spec, [`Unknown option: ${name}`, '400 unable to parse option']);
    let value = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (value === undefined) {
      const next = argv[i + 1];
      // Getopt `:s` (booleans): the next word is the value unless it looks like an option.
      if (next !== undefined && (type === 'string' || !next.startsWith('-'))) {
        value = next;
        i++;
      } else if (type === 'boolean') value = '1';
      else throw usageError(spec, [`Option ${name} requires an argument`, '400 unable to parse option']);
    }
    if (type === 'boolean') {
      if (TRUE.test(value)) value = '1';
      else if (FALSE.test(value)) value = '0';
      else throw usageError(spec, ['400 Parameter verification failed.', `${name}: type check ('boolean') failed - got '${value}'`]);
    }
    options[name] = value;
  }
  rest.push(...argv.slice(i));
  if (rest.length < spec.positional.length) throw usageError(spec, ['400 not enough arguments']);
  const positional: Record<string, string> = {};
  spec.positional.forEach((name, idx) => {
    positional[name] = rest[idx] ?? '';
  });
  const extra = rest.slice(spec.positional.length);
  if (extra.length && !spec.extraArgs) throw usageError(spec, ['400 too many arguments']);
  return { positional, options, extra };
}

/** pve-vmid: an integer in 100..999999999. */
export function parseVmid(spec: PctCommandSpec, raw: string): number {
  const fail = (why: string) => usageError(spec, ['400 Parameter verification failed.', `vmid: ${why}`]);
  if (!/^\d+$/.test(raw)) throw fail(`type check ('integer') failed - got '${raw}'`);
  const vmid = Number(raw);
  if (vmid < 100) throw fail('value must have a minimum value of 100');
  if (vmid > 999_999_999) throw fail('value must have a maximum value of 999999999');
  return vmid;
}
