/**
 * `npm run keys:generate [-- --out .keys] [--cn scv-last-agent] [--days 730] [--force]`
 *
 * Creates the RSA key pair and self-signed certificate of Salesforce's OAuth 2.0 JWT bearer flow
 * with node:crypto only (no openssl needed): the private key goes into the Secrets Manager secret
 * the find-last-agent Lambda reads, the certificate into the connected app ("Use digital
 * signatures"). Node has no certificate builder, so the certificate's DER is written here: a
 * small, fixed X.509 v3 structure signed with SHA-256/RSA and verified with X509Certificate
 * before anything is written.
 */
import { createSign, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// DER encoding of the few ASN.1 types a certificate needs.
function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const sequence = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => der(0x31, Buffer.concat(items));
const integer = (bytes: Buffer): Buffer =>
  der(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const nullValue = Buffer.from([0x05, 0x00]);
const bitString = (bytes: Buffer): Buffer => der(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const octetString = (bytes: Buffer): Buffer => der(0x04, bytes);
const utf8 = (text: string): Buffer => der(0x0c, Buffer.from(text, 'utf8'));
const explicit = (n: number, inner: Buffer): Buffer => der(0xa0 + n, inner);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [40 * a + b];
  for (const value of rest) {
    const chunk = [value & 0x7f];
    for (let v = value >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime (years 1950-2049) or GeneralizedTime, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = date.getUTCFullYear();
  return year < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), nullValue);
const COMMON_NAME = '2.5.4.3';
const BASIC_CONSTRAINTS = '2.5.29.19';

/** A generated pair: PEM texts and the certificate's facts. */
export interface JwtKeyPair {
  privateKeyPem: string;
  certificatePem: string;
  certificate: X509Certificate;
}

/** Generates an RSA key and a self-signed certificate for it. */
export function generateJwtKeyPair(options: {
  commonName: string;
  days: number;
  now?: Date;
  bits?: number;
}): JwtKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: options.bits ?? 2048 });
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + options.days * 86_400_000);
  const name = sequence(set(sequence(oid(COMMON_NAME), utf8(options.commonName))));
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f || 0x01;
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    SHA256_WITH_RSA,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(sequence(oid(BASIC_CONSTRAINTS), octetString(sequence())))),
  );
  const signature = createSign('sha256').update(tbs).sign(privateKey);
  const certDer = sequence(tbs, SHA256_WITH_RSA, bitString(signature));
  const certificatePem = `-----BEGIN CERTIFICATE-----\n${certDer
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END CERTIFICATE-----\n`;
  const certificate = new X509Certificate(certificatePem);
  if (!certificate.verify(publicKey as KeyObject) || !certificate.checkPrivateKey(privateKey)) {
    throw new Error('the generated certificate does not verify against its key');
  }
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certificatePem,
    certificate,
  };
}

export const KEY_FILE = 'sf-jwt-private-key.pem';
export const CERT_FILE = 'sf-jwt-certificate.crt';

/** Parses the command line; problems instead when it cannot. */
export function parseKeyArgs(
  argv: string[],
): { out: string; commonName: string; days: number; force: boolean } | { problems: string[] } {
  const args = { out: '.keys', commonName: 'scv-last-agent', days: 730, force: false };
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => argv[++i] ?? '';
    if (flag === '--out') args.out = value();
    else if (flag === '--cn') args.commonName = value();
    else if (flag === '--days') {
      const days = Number(value());
      if (!Number.isInteger(days) || days < 1 || days > 3650)
        problems.push('--days: a whole number from 1 to 3650');
      else args.days = days;
    } else if (flag === '--force') args.force = true;
    else problems.push(`unknown option ${flag}; use --out, --cn, --days, --force`);
  }
  if (!args.out) problems.push('--out needs a directory');
  if (!args.commonName || args.commonName.length > 64) problems.push('--cn: 1-64 characters');
  return problems.length > 0 ? { problems } : args;
}

export function main(argv: string[], log = console.log, err = console.error): number {
  const args = parseKeyArgs(argv);
  if ('problems' in args) {
    args.problems.forEach((p) => err(p));
    return 2;
  }
  const keyFile = path.join(args.out, KEY_FILE);
  const certFile = path.join(args.out, CERT_FILE);
  if (!args.force && (existsSync(keyFile) || existsSync(certFile))) {
    err(`keys:generate: ${keyFile} or ${certFile} exists; move it away or pass --force to replace the pair`);
    return 1;
  }
  const pair = generateJwtKeyPair({ commonName: args.commonName, days: args.days });
  mkdirSync(args.out, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(certFile, pair.certificatePem, { mode: 0o644 });
  log(
    `keys:generate: RSA 2048 key and self-signed certificate (CN=${args.commonName}, valid to ${pair.certificate.validTo})`,
  );
  log(
    `  ${certFile}  -> Salesforce: Setup > App Manager > your connected app > Edit > Use digital signatures > upload`,
  );
  log(
    `  ${keyFile}  -> AWS Secrets Manager, the secret find-last-agent reads (stack output PrivateKeySecretArn):`,
  );
  log(
    `      aws secretsmanager put-secret-value --secret-id <PrivateKeySecretArn> --secret-string file://${keyFile}`,
  );
  log(`  then delete ${keyFile}: the secret is its only home. Never commit it, never put it in the config.`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
