import { createSign, createVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CERT_FILE, generateJwtKeyPair, KEY_FILE, main } from '../../../scripts/deploy/keys';

describe('generateJwtKeyPair', () => {
  it('makes a self-signed X.509 v3 certificate of the key, valid for the requested days', () => {
    // Act
    const now = new Date('2026-12-01T12:00:00Z');
    const pair = generateJwtKeyPair({ commonName: 'scv-test', days: 30, now });
    // Assess
    const cert = pair.certificate;
    expect(cert.subject).toBe('CN=scv-test');
    expect(cert.issuer).toBe('CN=scv-test');
    expect(cert.ca).toBe(false);
    expect(new Date(cert.validTo).getTime() - now.getTime()).toBe(30 * 86_400_000);
    expect(cert.verify(cert.publicKey)).toBe(true);
    // The key signs what the certificate's public key verifies: Salesforce's check of a JWT.
    const signature = createSign('RSA-SHA256').update('header.payload').sign(pair.privateKeyPem);
    expect(createVerify('RSA-SHA256').update('header.payload').verify(cert.publicKey, signature)).toBe(true);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('writes GeneralizedTime for dates from 2050 on', () => {
    const pair = generateJwtKeyPair({ commonName: 'far', days: 1, now: new Date('2051-03-04T05:06:07Z') });
    expect(new Date(pair.certificate.validTo).getUTCFullYear()).toBe(2051);
  });
});

describe('keys:generate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scv-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the key (owner-only) and the certificate, says where each goes, and refuses to overwrite', () => {
    // Act
    const lines: string[] = [];
    const errors: string[] = [];
    const code = main(
      ['--out', dir, '--cn', 'acme'],
      (l) => lines.push(l),
      (l) => errors.push(l),
    );
    // Assess
    expect(code).toBe(0);
    expect(statSync(path.join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, CERT_FILE), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(lines.join('\n')).toMatch(/Use digital signatures/);
    expect(lines.join('\n')).toMatch(/secretsmanager put-secret-value/);
    expect(
      main(
        ['--out', dir],
        () => undefined,
        (l) => errors.push(l),
      ),
    ).toBe(1);
    expect(errors[0]).toMatch(/--force/);
  });

  it('rejects unknown options and bad values with exit 2', () => {
    const errors: string[] = [];
    expect(
      main(
        ['--days', '0', '--colour'],
        () => undefined,
        (l) => errors.push(l),
      ),
    ).toBe(2);
    expect(errors).toEqual([
      expect.stringMatching(/--days/),
      expect.stringMatching(/unknown option --colour/),
    ]);
  });
});
