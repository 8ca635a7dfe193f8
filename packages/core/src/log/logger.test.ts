import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './logger';

describe('redact', () => {
  it('removes PVE token secrets, URL passwords, keys and key=value secrets', () => {
    expect(redact('Authorization: PVEAPIToken=kiln@pve!dash=0f1e2d3c-aaaa-bbbb')).toBe('Authorization: PVEAPIToken=kiln@pve!dash=[redacted]');
    expect(redact('postgresql://app:s3cret@db:5432/kiln')).toBe('postgresql://app:[redacted]@db:5432/kiln');
    expect(redact('k=-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----')).toBe('k=[redacted private key]');
    expect(redact('{"password":"hunter2hunter2","user":"x"}')).toBe('{"password":"[redacted]","user":"x"}');
    expect(redact('secret=abc token: xyz')).toBe('secret=[redacted] token: [redacted]');
  });

  it('applies to logged fields and respects the level', () => {
    const lines: string[] = [];
    const log = createLogger('t', 'info', (l) => lines.push(l));
    log.debug('hidden');
    log.info('connect', { url: 'redis://u:pw@h:6379' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[t] connect');
    expect(lines[0]).not.toContain('pw@');
  });
});
