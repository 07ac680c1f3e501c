import { createVerify, generateKeyPairSync } from 'node:crypto';
import { signJwtAssertion } from '../../../lambdas/src/salesforce/jwt';

describe('signJwtAssertion', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  it('signs the claims Salesforce checks, valid for at most 3 minutes', () => {
    // Act
    const jwt = signJwtAssertion({
      clientId: 'ck',
      username: 'u@example.com',
      audience: 'https://login.salesforce.com',
      privateKeyPem: privateKey,
      nowSeconds: 1_000,
      lifetimeSeconds: 600,
    });

    // Assess
    const [h, c, s] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(c, 'base64url').toString())).toEqual({
      iss: 'ck',
      sub: 'u@example.com',
      aud: 'https://login.salesforce.com',
      exp: 1_180,
    });
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${h}.${c}`);
    expect(verifier.verify(publicKey, Buffer.from(s, 'base64url'))).toBe(true);
  });

  it('throws on a key that cannot sign', () => {
    expect(() =>
      signJwtAssertion({ clientId: 'c', username: 'u', audience: 'a', privateKeyPem: 'not a key' }),
    ).toThrow();
  });
});
