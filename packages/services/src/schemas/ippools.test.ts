import { describe, expect, it } from 'vitest';
import { ipPoolSchema } from './ippools';

const errors = (input: Record<string, string>) => {
  const r = ipPoolSchema.safeParse({ name: 'lab', bridge: 'vmbr0', ...input });
  // the first message per field, as the service reports them
  const out: Record<string, string> = {};
  if (!r.success) for (const i of r.error.issues) out[String(i.path[0])] ??= i.message;
  return out;
};

describe('the IP pool form', () => {
  it('stores the subnet with host bits cleared and splits the lists', () => {
    const v = ipPoolSchema.parse({ name: 'lab', bridge: 'vmbr0', vlan: '20', cidr: '10.10.0.7/24', reserved: '10.10.0.5, 10.10.0.10-10.10.0.20', dns: '10.10.0.2 1.1.1.1' });
    expect(v).toMatchObject({ cidr: '10.10.0.0/24', vlan: 20, reserved: ['10.10.0.5', '10.10.0.10-10.10.0.20'], dns: ['10.10.0.2', '1.1.1.1'] });
  });
  it('puts each problem on its field', () => {
    expect(errors({ cidr: '10.10.0.0' })).toEqual({ cidr: 'Enter a subnet like 10.10.0.0/24.' });
    expect(errors({ cidr: '10.10.0.0/24', gateway: '10.10.0.0' })).toEqual({ gateway: 'The gateway must be a host address inside 10.10.0.0/24.' });
    expect(errors({ cidr: '10.10.0.0/24', rangeStart: '10.10.0.9' })).toEqual({ rangeEnd: 'Give both ends of the range, or neither (the whole subnet).' });
    expect(errors({ cidr: '10.10.0.0/24', reserved: '10.10.1.5 nonsense' })).toEqual({ reserved: '10.10.1.5 is outside 10.10.0.0/24.' });
    expect(errors({ cidr: '10.10.0.0/24', dns: 'fd00::1' })).toEqual({ dns: 'Enter up to 3 IPv4 addresses separated by spaces or commas.' });
  });
});
