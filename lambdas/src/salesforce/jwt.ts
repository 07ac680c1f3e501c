/**
 * The OAuth 2.0 JWT bearer assertion Salesforce's token endpoint expects (RS256). jsforce 3 has no
 * helper for it, and node:crypto is all it takes.
 */
import { createSign } from 'node:crypto';

export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface JwtAssertionInput {
  clientId: string;
  username: string;
  audience: string;
  privateKeyPem: string;
  nowSeconds?: number;
  /** Salesforce rejects assertions valid for more than 3 minutes. */
  lifetimeSeconds?: number;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** Builds and signs the assertion. Throws if the key cannot sign (wrong format). */
export function signJwtAssertion(input: JwtAssertionInput): string {
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({
      iss: input.clientId,
      sub: input.username,
      aud: input.audience,
      exp: now + Math.min(input.lifetimeSeconds ?? 180, 180),
    }),
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  return `${header}.${claims}.${signer.sign(input.privateKeyPem).toString('base64url')}`;
}
