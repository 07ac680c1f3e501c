/**
 * The org's OAuth side: the JWT bearer grant on /services/oauth2/token, the access tokens it issues
 * and the check of `Authorization: Bearer` on every other route.
 */
import { createHmac, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../emulator-server';
import { notFound, restError } from './responses';
import type { OAuthErrorBody } from './errors';
import { verifyJwtAssertion } from './jwt';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Who may get a token and what it says about them. */
export interface OAuthOptions {
  publicKeyPem: string;
  consumerKey: string;
  username: string;
  orgId: string;
  userId: string;
  tokenTtlMs: number;
}

const oauthError = (status: number, error: string, description: string): EmulatorResponse => ({
  status,
  body: { error, error_description: description } satisfies OAuthErrorBody,
  operation: 'token',
});

/** Issues and checks access tokens. */
export class OAuthTokens {
  private readonly tokens = new Map<string, number>();
  private readonly publicKey: KeyObject;
  private readonly signingSecret = randomBytes(32);

  public constructor(private readonly options: OAuthOptions) {
    this.publicKey = createPublicKey(options.publicKeyPem);
  }

  /** The identity URL the token response and /id route name. */
  public identityUrl(baseUrl: string): string {
    return `${baseUrl}/id/${this.options.orgId}/${this.options.userId}`;
  }

  /** POST /services/oauth2/token with the JWT bearer grant. */
  public grant(req: EmulatorRequest, baseUrl: string): EmulatorResponse {
    if (req.method !== 'POST') return restError(notFound(), 'token');
    const params = new URLSearchParams(req.body);
    if (params.get('grant_type') !== JWT_BEARER) {
      return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
    }
    const verdict = verifyJwtAssertion(params.get('assertion') ?? '', {
      publicKey: this.publicKey,
      consumerKey: this.options.consumerKey,
      username: this.options.username,
      audiences: [baseUrl, 'https://login.salesforce.com', 'https://test.salesforce.com'],
      nowMs: Date.now(),
    });
    if (!verdict.ok) return oauthError(400, 'invalid_grant', verdict.description);
    const accessToken = `${this.options.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
    const issuedAt = Date.now();
    this.tokens.set(accessToken, issuedAt + this.options.tokenTtlMs);
    const id = this.identityUrl(baseUrl);
    return {
      status: 200,
      operation: 'token',
      body: {
        access_token: accessToken,
        instance_url: baseUrl,
        id,
        token_type: 'Bearer',
        scope: 'api',
        issued_at: String(issuedAt),
        signature: createHmac('sha256', this.signingSecret).update(`${id}${issuedAt}`).digest('base64'),
      },
    };
  }

  /** True when the request carries a live token. */
  public authenticated(req: EmulatorRequest): boolean {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const token = m?.[1];
    const expiresAt = token === undefined ? undefined : this.tokens.get(token);
    if (token === undefined || expiresAt === undefined) return false;
    if (expiresAt > Date.now()) return true;
    this.tokens.delete(token);
    return false;
  }

  /** GET /id/<org>/<user>. */
  public identity(baseUrl: string): EmulatorResponse {
    return {
      status: 200,
      operation: 'identity',
      body: {
        id: this.identityUrl(baseUrl),
        organization_id: this.options.orgId,
        user_id: this.options.userId,
        username: this.options.username,
        active: true,
      },
    };
  }

  /** Every token issued so far stops working (sessions expired). */
  public revokeAll(): void {
    this.tokens.clear();
  }
}
