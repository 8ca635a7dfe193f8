import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { join } from 'node:path';
import { bits, bool, explicit, implicit, nul, octets, oid, seq, set, time, uint, utf8 } from './der';

/**
 * The node's TLS material, like a PVE install creates it: a cluster CA (`pve-root-ca.pem`) and
 * the node certificate it issued (`pve-ssl.pem`), generated once with `node:crypto` (no openssl).
 */
export interface NodeTls {
  key: string;
  cert: string;
  caCert: string;
  /** SHA-256 of the leaf certificate, `AB:CD:...` as the PVE GUI shows it. */
  fingerprint: string;
}

type Name = Array<[string, string]>;

const OID = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11' } as const;
const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), nul());

const name = (rdns: Name): Buffer => seq(...rdns.map(([type, value]) => set(seq(oid(OID[type as keyof typeof OID]), utf8(value)))));
const ext = (id: string, critical: boolean, value: Buffer): Buffer => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
const keyId = (spki: Buffer): Buffer => createHash('sha1').update(spki).digest();

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  return Buffer.alloc(16, 0); // only ::1 is used below
}

interface CertSpec {
  subject: Name;
  issuer: Name;
  subjectKey: KeyObject;
  issuerKey: KeyObject;
  issuerSpki: Buffer;
  days: number;
  ca: boolean;
  altNames?: { dns: string[]; ips: string[] };
}

function buildCertificate(spec: CertSpec): string {
  const spki = spec.subjectKey.export({ type: 'spki', format: 'der' });
  const now = new Date(Date.now() - 60_000);
  const extensions = [
    ext('2.5.29.19', spec.ca, seq(...(spec.ca ? [bool(true)] : []))),
    ext('2.5.29.15', true, spec.ca ? bits(Buffer.from([0x06])) : bits(Buffer.from([0xa0]))),
    ext('2.5.29.14', false, octets(keyId(spki))),
    ext('2.5.29.35', false, seq(implicit(0, keyId(spec.issuerSpki)))),
  ];
  if (spec.altNames) {
    extensions.push(ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))));
    const sans = [...spec.altNames.dns.map((d) => implicit(2, Buffer.from(d, 'ascii'))), ...spec.altNames.ips.map((ip) => implicit(7, ipBytes(ip)))];
    extensions.push(ext('2.5.29.17', false, seq(...sans)));
  }
  const tbs = seq(
    explicit(0, uint(2)),
    uint(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    SHA256_RSA,
    name(spec.issuer),
    seq(time(now), time(new Date(now.getTime() + spec.days * 86_400_000))),
    name(spec.subject),
    spki,
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.issuerKey);
  const der = seq(tbs, SHA256_RSA, bits(signature));
  return `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256.toUpperCase();
}

/** Loads `pve-ssl.{pem,key}` from the data dir, creating the CA and node certificate once. */
export function loadOrCreateNodeTls(dataDir: string, node: string, ip: string): NodeTls {
  const files = { caCert: 'pve-root-ca.pem', caKey: 'pve-root-ca.key', cert: 'pve-ssl.pem', key: 'pve-ssl.key' };
  const path = (f: string): string => join(dataDir, f);
  if (!existsSync(path(files.cert)) || !existsSync(path(files.key)) || !existsSync(path(files.caCert))) {
    const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const leaf = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const caName: Name = [
      ['CN', 'Proxmox Virtual Environment'],
      ['OU', randomUUID()],
      ['O', 'PVE Cluster Manager CA'],
    ];
    const caSpki = ca.publicKey.export({ type: 'spki', format: 'der' });
    const caCert = buildCertificate({ subject: caName, issuer: caName, subjectKey: ca.publicKey, issuerKey: ca.privateKey, issuerSpki: caSpki, days: 3650, ca: true });
    const cert = buildCertificate({
      subject: [
        ['OU', 'PVE Cluster Node'],
        ['O', 'Proxmox Virtual Environment'],
        ['CN', `${node}.local`],
      ],
      issuer: caName,
      subjectKey: leaf.publicKey,
      issuerKey: ca.privateKey,
      issuerSpki: caSpki,
      days: 730,
      ca: false,
      altNames: { dns: ['localhost', node, `${node}.local`], ips: ['127.0.0.1', ip] },
    });
    writeFileSync(path(files.caKey), ca.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(path(files.caCert), caCert);
    writeFileSync(path(files.key), leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(path(files.cert), cert);
  }
  const cert = readFileSync(path(files.cert), 'utf8');
  return { key: readFileSync(path(files.key), 'utf8'), cert, caCert: readFileSync(path(files.caCert), 'utf8'), fingerprint: fingerprintOf(cert) };
}

/** A self-signed server certificate for 127.0.0.1 valid `days` from now (tests of Kiln's TLS expiry checks, not a PVE file). */
export function selfSignedCertificate(cn: string, days: number): { key: string; cert: string } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const subject: Name = [['CN', cn]];
  const spki = pair.publicKey.export({ type: 'spki', format: 'der' });
  const cert = buildCertificate({ subject, issuer: subject, subjectKey: pair.publicKey, issuerKey: pair.privateKey, issuerSpki: spki, days, ca: false, altNames: { dns: [cn], ips: ['127.0.0.1'] } });
  return { key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert };
}
