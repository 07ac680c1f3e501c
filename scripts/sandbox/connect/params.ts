/**
 * Input checks and paging shared by the emulator's operations, worded like Connect's (Coral's)
 * validation messages so clients see the same errors they would from the service.
 */
import type { ConnectState } from './operations';
import { invalidParameter, invalidRequest, notFound } from './errors';

/** Connect accepts an instance id or its ARN wherever an `InstanceId` goes. */
export function resolveInstance(state: ConnectState, instanceId: unknown): void {
  if (typeof instanceId !== 'string' || instanceId === '') {
    throw invalidParameter(
      "1 validation error detected: Value null at 'instanceId' failed to satisfy constraint: Member must not be null",
    );
  }
  if (instanceId.length > 250) {
    throw invalidParameter(
      `1 validation error detected: Value '${instanceId}' at 'instanceId' failed to satisfy constraint: Member must have length less than or equal to 250`,
    );
  }
  if (instanceId !== state.data.instanceId && instanceId !== state.data.instanceArn) {
    throw notFound(`Instance not found: ${instanceId}`);
  }
}

/** Timestamps in REST-JSON bodies are epoch seconds (with fractions), which the SDK turns into Dates. */
export function epochSeconds(at: Date | string): number {
  return new Date(at).getTime() / 1000;
}

export function optionalString(
  body: Record<string, unknown>,
  member: string,
  max = 2_500,
): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${member} must be a string`);
  if (value.length > max) {
    throw invalidParameter(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
  return value;
}

export function stringList(value: unknown, member: string, max: number): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidRequest(`${member} must be a list of strings`);
  }
  if (value.length > max) {
    throw invalidParameter(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
  return value as string[];
}

/** Validates MaxResults the way Coral's constraint layer does; absent means the documented default. */
export function maxResults(raw: unknown, member: string, max: number, fallback: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n)) throw invalidRequest(`${member} must be an integer`);
  if (n < 1 || n > max) {
    throw invalidParameter(
      `1 validation error detected: Value '${n}' at '${member}' failed to satisfy constraint: Member must have value ${n < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`,
    );
  }
  return n;
}

/**
 * Opaque paging tokens bound to the operation, so a token from one list cannot page another,
 * and tampered tokens fail like Connect's do.
 */
export function encodeToken(operation: string, offset: number): string {
  return Buffer.from(JSON.stringify({ op: operation, o: offset })).toString('base64url');
}

export function decodeToken(operation: string, token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {
      op?: unknown;
      o?: unknown;
    };
    if (
      parsed.op === operation &&
      typeof parsed.o === 'number' &&
      Number.isInteger(parsed.o) &&
      parsed.o >= 0
    ) {
      return parsed.o;
    }
  } catch {
    // Falls through to the same error as a well-formed but foreign token.
  }
  throw invalidParameter('Invalid NextToken');
}

export function page<T>(
  operation: string,
  items: T[],
  token: unknown,
  limit: number,
): { items: T[]; NextToken?: string } {
  const offset = decodeToken(operation, token);
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeToken(operation, offset + limit) : undefined;
  return next ? { items: slice, NextToken: next } : { items: slice };
}

export function regionOf(state: ConnectState): string {
  return state.data.instanceArn.split(':')[3] ?? 'us-east-1';
}
