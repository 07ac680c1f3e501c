/**
 * Reads the customer's last answered VoiceCall. One SOQL round trip per lookup; in an org without
 * this package's custom fields the query is retried once without them and the org remembered.
 */
import type { LastCall } from '../routing/types';
import type { Budget } from '../shared/budget';
import { SalesforceError } from '../shared/errors';
import { buildLastAnsweredCallQuery, PACKAGE_VOICE_CALL_FIELDS } from './soql';
import type { SalesforceSession } from './session';

interface VoiceCallRow {
  Id: string;
  UserId: string | null;
  User?: { FirstName?: string | null } | null;
  QueueName?: string | null;
  CallType?: string | null;
  CallStartDateTime?: string | null;
  Call_Reason__c?: string | null;
  Call_Reason_Status__c?: string | null;
}

/** Salesforce REST datetimes ("2026-11-21T09:30:00.000+0000") as ISO 8601 with Z. */
export function toIsoInstant(sfDateTime: string | null | undefined): string | undefined {
  if (!sfDateTime) return undefined;
  const t = Date.parse(sfDateTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export class VoiceCallRepository {
  /** Flipped once per container when the org lacks the package's fields (INVALID_FIELD). */
  private packageFieldsPresent = true;

  public constructor(private readonly session: SalesforceSession) {}

  public async findLastAnsweredCall(
    numberForms: readonly string[],
    routingLookbackDays: number,
    budget: Budget,
  ): Promise<LastCall | undefined> {
    let rows: VoiceCallRow[];
    try {
      rows = await this.session.query<VoiceCallRow>(
        buildLastAnsweredCallQuery({
          numberForms,
          routingLookbackDays,
          includePackageFields: this.packageFieldsPresent,
        }),
        budget,
      );
    } catch (e) {
      if (!(this.packageFieldsPresent && isMissingPackageField(e))) throw e;
      this.packageFieldsPresent = false;
      rows = await this.session.query<VoiceCallRow>(
        buildLastAnsweredCallQuery({ numberForms, routingLookbackDays, includePackageFields: false }),
        budget,
      );
    }
    const row = rows[0];
    if (!row?.UserId) return undefined;
    return {
      lastVoiceCallId: row.Id,
      agentUserId: row.UserId,
      agentFirstName: row.User?.FirstName ?? undefined,
      queueName: row.QueueName ?? undefined,
      startedAt: toIsoInstant(row.CallStartDateTime),
      reason: row.Call_Reason__c ?? undefined,
      reasonStatus: row.Call_Reason_Status__c ?? undefined,
    };
  }
}

/**
 * True only for "No such column 'Call_Reason__c'": Salesforce echoes the whole query in every
 * INVALID_FIELD message, so the field merely appearing in the message proves nothing.
 */
export function isMissingPackageField(e: unknown): boolean {
  return (
    e instanceof SalesforceError &&
    e.errorCode === 'INVALID_FIELD' &&
    PACKAGE_VOICE_CALL_FIELDS.some((f) => e.message.includes(`No such column '${f}'`))
  );
}
