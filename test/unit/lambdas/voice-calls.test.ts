import { isMissingPackageField, toIsoInstant } from '../../../lambdas/src/salesforce/voice-calls';
import { SalesforceError } from '../../../lambdas/src/shared/errors';

const echoed = (column: string) =>
  `\nSELECT Id, UserId, QueueName, Call_Reason__c FROM VoiceCall\n^\nERROR at Row:1:Column:20\nNo such column '${column}' on entity 'VoiceCall'.`;

describe('isMissingPackageField', () => {
  it("is true only when Salesforce says the package's field is missing", () => {
    expect(isMissingPackageField(new SalesforceError(echoed('Call_Reason__c'), 'INVALID_FIELD'))).toBe(true);
  });

  it('is false for another missing field, although the echoed query names Call_Reason__c', () => {
    expect(isMissingPackageField(new SalesforceError(echoed('QueueName'), 'INVALID_FIELD'))).toBe(false);
  });

  it('is false for other error codes', () => {
    expect(isMissingPackageField(new SalesforceError(echoed('Call_Reason__c'), 'MALFORMED_QUERY'))).toBe(
      false,
    );
    expect(isMissingPackageField(new Error("No such column 'Call_Reason__c'"))).toBe(false);
  });
});

describe('toIsoInstant', () => {
  it("reads Salesforce's +0000 datetimes as ISO 8601 instants", () => {
    expect(toIsoInstant('2026-11-21T09:30:00.000+0000')).toBe('2026-11-21T09:30:00.000Z');
    expect(toIsoInstant('2026-11-21T10:30:00.000+0100')).toBe('2026-11-21T09:30:00.000Z');
    expect(toIsoInstant(null)).toBeUndefined();
    expect(toIsoInstant('yesterday')).toBeUndefined();
  });
});

describe('toIsoInstant with offsets', () => {
  it('reads any ±hhmm offset, not only +0000', () => {
    expect(toIsoInstant('2026-11-21T09:30:00.000+0530')).toBe('2026-11-21T04:00:00.000Z');
    expect(toIsoInstant('2026-11-21T09:30:00.000-0800')).toBe('2026-11-21T17:30:00.000Z');
    expect(toIsoInstant('2026-11-21T09:30:00.000Z')).toBe('2026-11-21T09:30:00.000Z');
  });

  it('gives undefined for a missing or unreadable value', () => {
    expect(toIsoInstant(null)).toBeUndefined();
    expect(toIsoInstant('')).toBeUndefined();
    expect(toIsoInstant('yesterday')).toBeUndefined();
  });
});
