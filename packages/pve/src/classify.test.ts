import { describe, expect, it } from 'vitest';
import { errorFixture } from '../test/fixtures/load';
import { classifyMessage, errorFromResponse, errorFromTransport, findErrorCode } from './classify';
import { PveError } from './errors';

function fromFixture(name: string): PveError {
  const f = errorFixture(name);
  return errorFromResponse({ ...f, request: 'GET /x' });
}

describe('errorFromResponse', () => {
  it('401 is auth, with the reason phrase as message and a user-facing hint', () => {
    const e = fromFixture('error-401');
    expect(e).toBeInstanceOf(PveError);
    expect(e.code).toBe('PVE');
    expect(e.kind).toBe('auth');
    expect(e.status).toBe(401);
    expect(e.message).toBe('authentication failure');
    expect(e.userMessage).toBe('The API token was rejected (401). Check the token id and secret.');
  });

  it('403 names the ACL path and privilege', () => {
    const e = fromFixture('error-403-permission');
    expect(e.kind).toBe('permission');
    expect(e.aclPath).toBe('/vms/105');
    expect(e.privilege).toBe('VM.Allocate');
    expect(e.message).toBe('Permission check failed (/vms/105, VM.Allocate)');
    expect(e.userMessage).toContain('VM.Allocate on /vms/105');
  });

  it('400 is validation with trimmed per-parameter errors, also exposed as fieldErrors', () => {
    const e = fromFixture('error-400-params');
    expect(e.kind).toBe('validation');
    expect(e.errors?.['hostname']).toBe('value does not look like a valid DNS name');
    expect(e.errors?.['net0']).toMatch(/^invalid format/);
    expect(e.fieldErrors).toEqual(e.errors);
    expect(e.userMessage).toContain('hostname: value does not look like a valid DNS name');
  });

  it('a taken VMID (400 with errors.vmid) is already-exists', () => {
    const e = fromFixture('error-400-vmid-taken');
    expect(e.kind).toBe('already-exists');
    expect(e.errors).toEqual({ vmid: 'VM 101 already exists' });
  });

  it.each([
    ['error-500-already-running', 'already-running'],
    ['error-500-not-running', 'not-running'],
    ['error-500-no-config', 'not-found'],
    ['error-500-locked', 'locked'],
    ['error-500-create-exists', 'already-exists'],
    ['error-500-rrd', 'server'],
    ['error-501', 'server'],
  ])('500-class business error %s is classified from the message as %s', (name, kind) => {
    const e = fromFixture(name);
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(name === 'error-501' ? 501 : 500);
    expect(e.message).not.toMatch(/\n$/);
  });

  it('locked carries the lock name', () => {
    expect(fromFixture('error-500-locked').lock).toBe('create');
  });

  it('falls back to the reason phrase, then to the status, when the body has no message', () => {
    expect(errorFromResponse({ status: 502, statusText: 'Bad Gateway ', body: undefined, request: 'GET /x' }).message).toBe('Bad Gateway');
    const bare = errorFromResponse({ status: 500, statusText: '', body: 'garbage', request: 'GET /x' });
    expect(bare.message).toBe('HTTP 500');
    expect(bare.kind).toBe('server');
  });

  it('404 without a telling message is not-found', () => {
    expect(errorFromResponse({ status: 404, statusText: 'Not Found', body: undefined, request: 'GET /x' }).kind).toBe('not-found');
  });
});

describe('classifyMessage', () => {
  it('unwraps "unable to create CT n - reason"', () => {
    expect(classifyMessage("unable to create CT 101 - CT 101 already exists on node 'pve2'")?.kind).toBe('already-exists');
    expect(classifyMessage('unable to create CT 101 - something odd happened')).toBeUndefined();
  });

  it('recognises root-only refusals and lock timeouts', () => {
    expect(classifyMessage('changing feature flags (except nesting) is only allowed for root@pam')?.kind).toBe('permission');
    expect(classifyMessage("can't lock file '/run/lock/lxc/pve-config-101.lock' - got timeout")?.kind).toBe('locked');
    expect(classifyMessage("storage 'nope' does not exist")?.kind).toBe('not-found');
    expect(classifyMessage("hostname lookup 'pve9' failed - failed to get address info for: pve9: Name or service not known")?.kind).toBe('not-found');
    expect(classifyMessage('detected modified configuration - file changed by other user? Try again.')?.kind).toBe('conflict');
  });
});

describe('errorFromTransport', () => {
  const err = (code: string): Error => Object.assign(new Error('x'), { code });

  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['EHOSTUNREACH', 'no-route'],
    ['EWHATEVER', 'other'],
  ])('%s is unreachable/%s', (code, cause) => {
    const e = errorFromTransport(err(code), 'GET /version');
    expect(e.kind).toBe('unreachable');
    expect(e.unreachableCause).toBe(cause);
    expect(e.transportCode).toBe(code);
    expect(e.request).toBe('GET /version');
  });

  it('response timeouts are kind timeout, untrusted certificates tls-untrusted', () => {
    expect(errorFromTransport(err('UND_ERR_HEADERS_TIMEOUT'), 'GET /x').kind).toBe('timeout');
    expect(errorFromTransport(err('DEPTH_ZERO_SELF_SIGNED_CERT'), 'GET /x').kind).toBe('tls-untrusted');
  });

  it('finds codes in causes and AggregateError members (happy eyeballs)', () => {
    const agg = Object.assign(new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')]), {});
    expect(findErrorCode(new Error('fetch failed', { cause: agg }))).toBe('ECONNREFUSED');
    expect(errorFromTransport(agg, 'GET /x').unreachableCause).toBe('refused');
  });
});
