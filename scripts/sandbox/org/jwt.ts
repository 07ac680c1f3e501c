/**
 * Checks an OAuth 2.0 JWT bearer assertion the way Salesforce's token endpoint does: RS256 signature
 * against the connected app's certificate, issuer = consumer key, subject = a pre-authorized user,
 * audience = the login URL, and a short-lived expiry.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** What an assertion must satisfy. */
export interface JwtExpectations {
  publicKey: KeyObject | string;
  consumerKey: string;
  username: string;
  /** Accepted `aud` values, compared without a trailing slash. */
  audiences: string[];
  /** Current time in ms since the epoch. */
  nowMs: number;
  /** How far ahead `exp` may be; Salesforce allows about 3-5 minutes. Default 300. */
  maxLifetimeSeconds?: number;
}

/** Claims this flow uses. */
export interface JwtClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
}

/** Either the claims, or the `invalid_grant` description Salesforce would send. */
export type JwtVerdict = { ok: true; claims: JwtClaims } | { ok: false; description: string };

const CLOCK_SKEW_SECONDS = 30;

function decodeJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** Verifies a compact JWS assertion; never throws. */
export function verifyJwtAssertion(assertion: string, expect: JwtExpectations): JwtVerdict {
  const invalid: JwtVerdict = { ok: false, description: 'invalid assertion' };
  const parts = assertion.split('.');
  if (parts.length !== 3) return invalid;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  try {
    header = decodeJson(headerPart);
    payload = decodeJson(payloadPart);
  } catch {
    return invalid;
  }
  if (typeof header !== 'object' || header === null || (header as { alg?: unknown }).alg !== 'RS256')
    return invalid;
  if (typeof payload !== 'object' || payload === null) return invalid;

  let signatureOk: boolean;
  try {
    const key = typeof expect.publicKey === 'string' ? createPublicKey(expect.publicKey) : expect.publicKey;
    signatureOk = verify(
      'RSA-SHA256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      key,
      Buffer.from(signaturePart, 'base64url'),
    );
  } catch {
    // A key or signature the crypto layer cannot even read is just a bad assertion.
    return invalid;
  }
  if (!signatureOk) return invalid;

  const claims = payload as Partial<Record<keyof JwtClaims, unknown>>;
  if (claims.iss !== expect.consumerKey) return { ok: false, description: 'client identifier invalid' };
  if (typeof claims.aud !== 'string' || !expect.audiences.map(trimSlash).includes(trimSlash(claims.aud))) {
    return { ok: false, description: 'audience is invalid' };
  }
  if (typeof claims.exp !== 'number') return invalid;
  const nowSeconds = expect.nowMs / 1000;
  if (claims.exp <= nowSeconds - CLOCK_SKEW_SECONDS)
    return { ok: false, description: 'expired access/refresh token' };
  if (claims.exp > nowSeconds + (expect.maxLifetimeSeconds ?? 300) + CLOCK_SKEW_SECONDS) return invalid;
  if (claims.sub !== expect.username) return { ok: false, description: "user hasn't approved this consumer" };
  return { ok: true, claims: claims as JwtClaims };
}
