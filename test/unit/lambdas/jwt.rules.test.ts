import { generateKeyPairSync } from 'node:crypto';
import { signJwtAssertion, type JwtAssertionInput } from '../../../lambdas/src/salesforce/jwt';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const input: JwtAssertionInput = {
  clientId: 'ck',
  username: 'u@example.com',
  audience: 'https://login.salesforce.com',
  privateKeyPem: privateKey,
};

/** The `exp` claim of a signed assertion. */
function expOf(jwt: string): number {
  const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as {
    exp: number;
  };
  return claims.exp;
}

describe('signJwtAssertion: how long an assertion is valid', () => {
  it('is valid for 3 minutes when no lifetime is asked for', () => {
    // Act
    const exp = expOf(signJwtAssertion({ ...input, nowSeconds: 1_000 }));

    // Assess
    expect(exp).toBe(1_180);
  });

  it('keeps a shorter lifetime as asked', () => {
    expect(expOf(signJwtAssertion({ ...input, nowSeconds: 1_000, lifetimeSeconds: 60 }))).toBe(1_060);
  });

  it('counts from the current time, in seconds, when no time is given', () => {
    // Prepare: the clock read is bracketed, so no elapsed time is asserted
    const before = Math.floor(Date.now() / 1000);

    // Act
    const exp = expOf(signJwtAssertion(input));

    // Assess
    const after = Math.floor(Date.now() / 1000);
    expect(exp).toBeGreaterThanOrEqual(before + 180);
    expect(exp).toBeLessThanOrEqual(after + 180);
  });
});
