/**
 * SOQL text for the lookup, built from escaped literals only. Pure: unit-tested without an org.
 */

/**
 * Escapes a value for a single-quoted SOQL string literal (Salesforce's reserved characters:
 * backslash, quotes, and the control characters \n \r \t \b \f).
 */
export function escapeSoqlString(value: string): string {
  return value.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${c}`;
    }
  });
}

/** A quoted, escaped SOQL string literal. */
export function soqlString(value: string): string {
  return `'${escapeSoqlString(value)}'`;
}

/** An IN list of quoted, escaped literals. */
export function soqlInList(values: readonly string[]): string {
  if (values.length === 0) throw new Error('an IN list needs at least one value');
  return `(${values.map(soqlString).join(', ')})`;
}

/** Fields of this package on VoiceCall. An org without the package still routes without them. */
export const PACKAGE_VOICE_CALL_FIELDS = ['Call_Reason__c', 'Call_Reason_Status__c'] as const;

/** Call types where the customer is the caller (FromPhoneNumber). */
export const CUSTOMER_IS_CALLER_TYPES = ['Inbound', 'Transfer', 'Callback'] as const;
/** Call types where the customer was called (ToPhoneNumber). */
export const CUSTOMER_IS_CALLED_TYPES = ['Outbound'] as const;

export interface LastAnsweredCallQuery {
  /** Every stored form of the customer's number (see `parseCallerNumber`). */
  numberForms: readonly string[];
  /** Days back a call counts for routing (`LOOKBACK_DAYS`). */
  routingLookbackDays: number;
  includePackageFields: boolean;
}

/**
 * The newest VoiceCall of this customer that an agent accepted, within the lookback.
 * `UserId != null` leaves out calls nobody answered; ORDER BY + LIMIT 1 keeps it one row.
 * `CreatedDate` is indexed in every org, unlike the call fields; SCV creates a VoiceCall when the
 * call starts, so a call that started in the window was also created in it and the extra filter
 * only narrows what the database has to scan.
 */
export function buildLastAnsweredCallQuery(q: LastAnsweredCallQuery): string {
  if (!Number.isInteger(q.routingLookbackDays) || q.routingLookbackDays < 1)
    throw new Error('routingLookbackDays must be a positive integer');
  const numbers = soqlInList(q.numberForms);
  const fields = ['Id', 'UserId', 'User.FirstName', 'QueueName', 'CallType', 'CallStartDateTime'];
  if (q.includePackageFields) fields.push(...PACKAGE_VOICE_CALL_FIELDS);
  return [
    `SELECT ${fields.join(', ')}`,
    'FROM VoiceCall',
    `WHERE CreatedDate = LAST_N_DAYS:${q.routingLookbackDays} AND CallStartDateTime = LAST_N_DAYS:${q.routingLookbackDays}`,
    'AND UserId != null',
    `AND ((CallType IN ${soqlInList(CUSTOMER_IS_CALLER_TYPES)} AND FromPhoneNumber IN ${numbers})`,
    `OR (CallType IN ${soqlInList(CUSTOMER_IS_CALLED_TYPES)} AND ToPhoneNumber IN ${numbers}))`,
    'ORDER BY CallStartDateTime DESC',
    'LIMIT 1',
  ].join(' ');
}

/**
 * Every row of the routing map (optionally of one call center). Queue rows come along; they are
 * told apart by their ARN in code, since SOQL cannot filter an id field by prefix.
 */
export function buildRoutingMapQuery(callCenterId?: string): string {
  const base = 'SELECT ReferenceRecordId, ExternalId FROM CallCenterRoutingMap';
  return callCenterId ? `${base} WHERE CallCenterId = ${soqlString(callCenterId)}` : base;
}
