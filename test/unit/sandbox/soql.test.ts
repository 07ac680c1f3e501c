import fc from 'fast-check';
import { soqlString } from '../../../lambdas/src/salesforce/soql';
import { toId18 } from '../../../scripts/sandbox/ids';
import { SalesforceError } from '../../../scripts/sandbox/org/errors';
import { buildSchema } from '../../../scripts/sandbox/org/schema';
import { evaluateSoql, type SoqlResult } from '../../../scripts/sandbox/org/soql';
import { buildSampleData, sfDateTime, type OrgData } from '../../../scripts/sandbox/sample-data';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (msAgo: number): string => sfDateTime(new Date(NOW.getTime() - msAgo));

const ANA = toId18('005SB0000001ANA');
const BEN = toId18('005SB0000002BEN');
const ids = {
  a: toId18('0LQSB0000000001'),
  b: toId18('0LQSB0000000002'),
  c: toId18('0LQSB0000000003'),
  d: toId18('0LQSB0000000004'),
};

/** A small org whose every value the tests can reason about. */
function tinyOrg(): OrgData {
  const call = (
    id: string,
    fields: Partial<Record<string, string | number | boolean | null>>,
  ): Record<string, string | number | boolean | null> => ({
    Id: id,
    Name: `VC-${id.slice(-6)}`,
    OwnerId: ANA,
    UserId: null,
    FromPhoneNumber: '+14155550100',
    ToPhoneNumber: '+18005550100',
    CallType: 'Inbound',
    CallDisposition: 'completed',
    CallStartDateTime: at(0),
    CallEndDateTime: null,
    CallAcceptDateTime: null,
    CallDurationInSeconds: null,
    QueueName: null,
    VendorCallKey: null,
    CallCenterId: null,
    PreviousCallId: null,
    NextCallId: null,
    RelatedRecordId: null,
    CreatedDate: at(0),
    LastModifiedDate: at(0),
    Call_Reason__c: null,
    Call_Reason_Status__c: null,
    Routed_To_Last_Agent__c: false,
    ...fields,
  });
  return {
    User: [
      { Id: ANA, FirstName: 'Ana', LastName: 'Lopez', Name: 'Ana Lopez', IsActive: true },
      { Id: BEN, FirstName: 'Ben', LastName: 'Okafor', Name: 'Ben Okafor', IsActive: false },
    ],
    VoiceCall: [
      call(ids.a, {
        UserId: ANA,
        FromPhoneNumber: '+14155550101',
        CallStartDateTime: at(1 * HOUR),
        CallDurationInSeconds: 100,
        QueueName: 'Support',
        Routed_To_Last_Agent__c: true,
      }),
      call(ids.b, {
        FromPhoneNumber: '(415) 555-0102',
        CallType: 'Outbound',
        CallStartDateTime: at(1 * DAY),
        CallDurationInSeconds: 50,
      }),
      call(ids.c, {
        UserId: BEN,
        FromPhoneNumber: '+14155550103',
        CallStartDateTime: at(3 * DAY),
        QueueName: 'billing',
      }),
      call(ids.d, {
        UserId: ANA,
        FromPhoneNumber: '+442079460123',
        CallType: 'Transfer',
        CallStartDateTime: at(11 * DAY),
        CallDurationInSeconds: 300,
        QueueName: 'Billing',
      }),
    ],
  };
}

const run = (soql: string, data: OrgData = tinyOrg(), omitCustomFields = false): SoqlResult =>
  evaluateSoql(soql, data, { schema: buildSchema({ omitCustomFields }), now: NOW });

const idsOf = (result: SoqlResult): unknown[] => result.records.map((r) => r.Id);

/** Runs a query expected to fail and returns the SalesforceError. */
function failure(soql: string, omitCustomFields = false): SalesforceError {
  try {
    run(soql, tinyOrg(), omitCustomFields);
  } catch (e) {
    if (e instanceof SalesforceError) return e;
    throw e;
  }
  throw new Error(`expected ${soql} to fail`);
}

describe('evaluateSoql comparison operators', () => {
  it.each([
    ["FromPhoneNumber = '+14155550101'", [ids.a]],
    ["QueueName = 'BILLING'", [ids.c, ids.d]],
    ["QueueName != 'Billing'", [ids.a, ids.b]],
    ["CallType IN ('Outbound', 'Transfer')", [ids.b, ids.d]],
    ['UserId = null', [ids.b]],
    ['UserId != null', [ids.a, ids.c, ids.d]],
    ['Routed_To_Last_Agent__c = true', [ids.a]],
    ['Routed_To_Last_Agent__c = false', [ids.b, ids.c, ids.d]],
    ['CallStartDateTime >= 2026-11-18T12:00:00Z', [ids.a, ids.b, ids.c]],
    ['CallStartDateTime > 2026-11-18T12:00:00Z', [ids.a, ids.b]],
    ['CallStartDateTime <= 2026-11-20T12:00:00.000Z', [ids.b, ids.c, ids.d]],
    ['CallStartDateTime < 2026-11-20T12:00:00Z', [ids.c, ids.d]],
  ])('WHERE %s', (where, expected) => {
    // Prepare
    const soql = `SELECT Id FROM VoiceCall WHERE ${where}`;

    // Act
    const result = run(soql);

    // Assess
    expect(idsOf(result)).toEqual(expected);
    expect(result.totalSize).toBe(expected.length);
  });

  it('matches id literals by their 15-character form whether given 15 or 18 characters', () => {
    // Prepare
    const fifteen = ANA.slice(0, 15);

    // Act
    const by15 = run(`SELECT Id FROM VoiceCall WHERE UserId = '${fifteen}'`);
    const by18 = run(`SELECT Id FROM VoiceCall WHERE UserId = '${ANA}'`);
    const wrongCase = run(`SELECT Id FROM VoiceCall WHERE UserId = '${fifteen.toLowerCase()}'`);

    // Assess
    expect(idsOf(by15)).toEqual([ids.a, ids.d]);
    expect(idsOf(by18)).toEqual([ids.a, ids.d]);
    expect(idsOf(wrongCase)).toEqual([]);
  });

  it('reads back any text the Lambda escapes into a string literal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // Prepare
        const data = tinyOrg();
        (data.VoiceCall?.[0] as Record<string, unknown>).QueueName = text;

        // Act
        const result = run(`SELECT Id FROM VoiceCall WHERE QueueName = ${soqlString(text)}`, data);

        // Assess
        expect(idsOf(result)).toContain(ids.a);
      }),
    );
  });

  it('compares datetime literals as instants, whatever their offset', () => {
    // Prepare: call A started at 11:00Z, which is 12:00+01:00.
    const soql = 'SELECT Id FROM VoiceCall WHERE CallStartDateTime = 2026-11-21T12:00:00+01:00';

    // Act
    const result = run(soql);
    const after = run('SELECT Id FROM VoiceCall WHERE CallStartDateTime > 2026-11-19T00:00:00Z');

    // Assess
    expect(idsOf(result)).toEqual([ids.a]);
    expect(idsOf(after)).toEqual([ids.a, ids.b]);
  });
});

describe('evaluateSoql logic', () => {
  it.each([
    ["CallType = 'Inbound' AND UserId != null", [ids.a, ids.c]],
    ["CallType = 'Outbound' OR CallType = 'Transfer'", [ids.b, ids.d]],
    ["(CallType = 'Outbound' OR QueueName = 'Support') AND CallDurationInSeconds = 100", [ids.a]],
    [
      "UserId != null AND (FromPhoneNumber IN ('+14155550101') OR ToPhoneNumber IN ('+14155550101'))",
      [ids.a],
    ],
    ["CallType = 'Inbound' AND (QueueName = 'billing' OR UserId = null)", [ids.c]],
    ["User.FirstName = 'ana'", [ids.a, ids.d]],
    ['CallStartDateTime = LAST_N_DAYS:1', [ids.a, ids.b]],
    ['CallStartDateTime = LAST_N_DAYS:10 AND CreatedDate = LAST_N_DAYS:10', [ids.a, ids.b, ids.c]],
    ['User.IsActive = false', [ids.c]],
  ])('WHERE %s', (where, expected) => {
    // Prepare
    const soql = `SELECT Id FROM VoiceCall WHERE ${where}`;

    // Act
    const result = run(soql);

    // Assess
    expect(idsOf(result)).toEqual(expected);
  });
});

describe('evaluateSoql date literals', () => {
  it('follows the injected clock, not the wall clock', () => {
    // Prepare: one day later, call C (started on the 18th) is four days old, out of LAST_N_DAYS:3.
    const soql = 'SELECT Id FROM VoiceCall WHERE CallStartDateTime = LAST_N_DAYS:3';
    const later = new Date(NOW.getTime() + DAY);

    // Act
    const now = run(soql);
    const dayLater = evaluateSoql(soql, tinyOrg(), { schema: buildSchema(), now: later });

    // Assess
    expect(idsOf(now)).toEqual([ids.a, ids.b, ids.c]);
    expect(idsOf(dayLater)).toEqual([ids.a, ids.b]);
  });

  it('keeps a date literal inside a string literal as text', () => {
    // Prepare
    const soql = "SELECT Id FROM VoiceCall WHERE QueueName = 'LAST_N_DAYS:2'";

    // Act
    const result = run(soql);

    // Assess
    expect(result.totalSize).toBe(0);
  });
});

describe('evaluateSoql ordering, limits and projection', () => {
  it('sorts ASC with nulls first and DESC with nulls last by default', () => {
    // Prepare
    const asc = 'SELECT Id FROM VoiceCall ORDER BY CallDurationInSeconds';
    const desc = 'SELECT Id FROM VoiceCall ORDER BY CallDurationInSeconds DESC';

    // Act
    const up = run(asc);
    const down = run(desc);

    // Assess
    expect(idsOf(up)).toEqual([ids.c, ids.b, ids.a, ids.d]);
    expect(idsOf(down)).toEqual([ids.d, ids.a, ids.b, ids.c]);
  });

  it('sorts by several keys, ties keeping to the next key, as the Apex query orders its rows', () => {
    // Prepare: 'billing' and 'Billing' tie case-insensitively; nulls first ascending.
    const soql = 'SELECT Id FROM VoiceCall ORDER BY QueueName, CallStartDateTime DESC';

    // Act
    const result = run(soql);

    // Assess
    expect(idsOf(result)).toEqual([ids.b, ids.c, ids.d, ids.a]);
  });

  it('sorts by a relationship field, an empty lookup last when descending', () => {
    // Prepare
    const soql = 'SELECT Id FROM VoiceCall ORDER BY User.FirstName DESC, CallStartDateTime';

    // Act
    const result = run(soql);

    // Assess
    expect(idsOf(result)).toEqual([ids.c, ids.d, ids.a, ids.b]);
  });

  it('applies LIMIT after sorting', () => {
    // Prepare
    const soql = 'SELECT Id FROM VoiceCall ORDER BY CallStartDateTime DESC, Id DESC LIMIT 2';

    // Act
    const result = run(soql);

    // Assess
    expect(idsOf(result)).toEqual([ids.a, ids.b]);
    expect(result.totalSize).toBe(2);
  });

  it('counts with COUNT() and returns no records', () => {
    // Prepare
    const soql = 'SELECT COUNT() FROM VoiceCall WHERE UserId != null';

    // Act
    const result = run(soql);

    // Assess
    expect(result).toEqual({ sObject: 'VoiceCall', totalSize: 3, records: [] });
  });

  it('nests relationship fields and returns null for an empty lookup', () => {
    // Prepare
    const soql = `SELECT Id, User.FirstName, User.Name, QueueName FROM VoiceCall WHERE Id IN ('${ids.a}', '${ids.b}') ORDER BY CallStartDateTime DESC`;

    // Act
    const result = run(soql);

    // Assess
    expect(result.records).toEqual([
      {
        attributes: { type: 'VoiceCall', url: `/services/data/v62.0/sobjects/VoiceCall/${ids.a}` },
        Id: ids.a,
        User: {
          attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${ANA}` },
          FirstName: 'Ana',
          Name: 'Ana Lopez',
        },
        QueueName: 'Support',
      },
      {
        attributes: { type: 'VoiceCall', url: `/services/data/v62.0/sobjects/VoiceCall/${ids.b}` },
        Id: ids.b,
        User: null,
        QueueName: null,
      },
    ]);
  });

  it('accepts any case for object and field names and answers with canonical names', () => {
    // Prepare
    const soql = `select id, user.firstname from voicecall where id = '${ids.a}'`;

    // Act
    const result = run(soql);

    // Assess
    expect(result.sObject).toBe('VoiceCall');
    expect(result.records[0]).toMatchObject({ Id: ids.a, User: { FirstName: 'Ana' } });
  });

  it('answers the README caller query over the sample data', () => {
    // Prepare
    const data = buildSampleData(NOW).org;
    const soql =
      "SELECT Id, UserId, User.FirstName FROM VoiceCall WHERE FromPhoneNumber = '+14155550101' AND UserId != null AND CallStartDateTime = LAST_N_DAYS:7 ORDER BY CallStartDateTime DESC LIMIT 1";

    // Act
    const result = run(soql, data);

    // Assess
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({ User: { FirstName: 'Ana' } });
  });
});

describe('evaluateSoql errors', () => {
  it('rejects an unknown object with INVALID_TYPE and a caret under it', () => {
    // Prepare
    const soql = 'SELECT Id FROM Foo';

    // Act
    const error = failure(soql);

    // Assess
    expect(error.errorCode).toBe('INVALID_TYPE');
    expect(error.message).toBe(
      "\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    );
  });

  it.each([
    ['SELECT Id, Bogus__c FROM VoiceCall', "No such column 'Bogus__c' on entity 'VoiceCall'."],
    ['SELECT Id, User.Bogus FROM VoiceCall', "No such column 'Bogus' on entity 'User'."],
    ["SELECT Id FROM VoiceCall WHERE Bogus__c = 'x'", "No such column 'Bogus__c' on entity 'VoiceCall'."],
    ['SELECT Id FROM VoiceCall ORDER BY Bogus__c', "No such column 'Bogus__c' on entity 'VoiceCall'."],
    ['SELECT Id, Caller.Name FROM VoiceCall', "Didn't understand relationship 'Caller' in field path."],
    ['SELECT Id, Description FROM VoiceCall', "No such column 'Description' on entity 'VoiceCall'."],
  ])('rejects %s with INVALID_FIELD', (soql, text) => {
    // Prepare: nothing beyond the query.

    // Act
    const error = failure(soql);

    // Assess
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toContain(text);
    expect(error.message).toMatch(/ERROR at Row:1:Column:\d+/);
  });

  it('hides the package custom fields when the org does not have them', () => {
    // Prepare
    const soql = 'SELECT Id, Call_Reason__c FROM VoiceCall';

    // Act
    const error = failure(soql, true);
    const withFields = run(soql);

    // Assess
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toContain("No such column 'Call_Reason__c' on entity 'VoiceCall'");
    expect(withFields.totalSize).toBe(4);
  });

  it.each([
    [
      "SELECT Id FROM VoiceCall WHERE CallStartDateTime > '2026-01-01T00:00:00Z'",
      'CallStartDateTime',
      'dateTime',
      false,
    ],
    ['SELECT Id FROM VoiceCall WHERE CallStartDateTime > 2026-01-01', 'CallStartDateTime', 'dateTime', false],
    ["SELECT Id FROM VoiceCall WHERE CallDurationInSeconds = '5'", 'CallDurationInSeconds', 'integer', false],
    ['SELECT Id FROM VoiceCall WHERE CallType = 5', 'CallType', 'string', true],
    [
      "SELECT Id FROM VoiceCall WHERE Routed_To_Last_Agent__c = 'true'",
      'Routed_To_Last_Agent__c',
      'boolean',
      false,
    ],
  ])('rejects %s as a wrong-typed filter', (soql, field, type, quoted) => {
    // Prepare
    const expected = `value of filter criterion for field '${field}' must be of type ${type} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`;

    // Act
    const error = failure(soql);

    // Assess
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message.endsWith(expected)).toBe(true);
  });

  it('rejects a malformed id literal', () => {
    // Prepare
    const soql = "SELECT Id FROM VoiceCall WHERE UserId = 'not-an-id'";

    // Act
    const error = failure(soql);

    // Assess
    expect(error.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
    expect(error.message).toContain('invalid ID field: not-an-id');
  });

  it.each([
    ['SELECT Id FROM WHERE', 'unexpected token: WHERE'],
    ['SELECT Id FROM VoiceCall WHERE', 'unexpected token: <EOF>'],
    ["SELECT Id FROM VoiceCall WHERE Name = 'it''s'", 'unexpected token: s'],
    ['SELEC Id FROM VoiceCall', 'unexpected token: SELEC'],
    // SOQL refuses to guess precedence: mixing AND and OR needs parentheses.
    [
      "SELECT Id FROM VoiceCall WHERE CallType = 'Inbound' AND UserId != null OR QueueName = 'x'",
      'unexpected token: OR',
    ],
    [
      "SELECT Id FROM VoiceCall WHERE QueueName = 'a\\xb'",
      "Invalid string literal 'a\\xb'. Illegal character sequence '\\x' in string literal.",
    ],
  ])('rejects unparseable %s with MALFORMED_QUERY', (soql, message) => {
    // Prepare: nothing beyond the query.

    // Act
    const error = failure(soql);

    // Assess
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toBe(message);
    expect(error.status).toBe(400);
  });

  it.each([
    ['SELECT CallType, COUNT(Id) FROM VoiceCall GROUP BY CallType', /GROUP BY/],
    ['SELECT Id, (SELECT Id FROM Tasks) FROM VoiceCall', /SELECT/],
    ['SELECT MAX(CallDurationInSeconds) FROM VoiceCall', /MAX/],
    ['SELECT Id FROM VoiceCall WHERE UserId IN (SELECT Id FROM User)', /semi-join/],
    ['SELECT Id FROM VoiceCall WHERE CallStartDateTime = THIS_WEEK', /THIS_WEEK/],
    ['SELECT Id, COUNT() FROM VoiceCall', /COUNT\(\)/],
    ['SELECT Id, Id FROM VoiceCall', /duplicate field selected: Id/],
  ])('rejects the unsupported %s with a clear MALFORMED_QUERY', (soql, pattern) => {
    // Prepare: nothing beyond the query.

    // Act
    const error = failure(soql);

    // Assess
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toMatch(pattern);
  });

  it.each([
    ["SELECT Id FROM VoiceCall WHERE FromPhoneNumber LIKE '+1415%'", /LIKE operator/],
    ["SELECT Id FROM VoiceCall WHERE CallType NOT IN ('Outbound')", /NOT IN operator/],
    ["SELECT Id FROM VoiceCall WHERE NOT CallType = 'Inbound'", /support NOT$/],
    ["SELECT Id FROM VoiceCall WHERE QueueName IN ('Support', null)", /null or date literals in IN lists/],
    ['SELECT Id FROM VoiceCall WHERE CallDurationInSeconds > 50', /> other than on a datetime field/],
    ['SELECT Id FROM VoiceCall WHERE CallStartDateTime >= LAST_N_DAYS:3', /datetime value/],
    ['SELECT Id FROM VoiceCall WHERE CallStartDateTime = TODAY', /the date literal TODAY/],
    ['SELECT Id FROM VoiceCall WHERE CallStartDateTime = N_DAYS_AGO:3', /N_DAYS_AGO:3/],
    ['SELECT Id FROM VoiceCall ORDER BY QueueName NULLS LAST', /NULLS FIRST\/LAST/],
    ['SELECT Id FROM VoiceCall LIMIT 2 OFFSET 1', /OFFSET/],
    ['SELECT v.Id FROM VoiceCall v', /object aliases/],
    ['SELECT Id FROM VoiceCall WITH USER_MODE', /USER_MODE/],
    ['SELECT Owner.Name FROM VoiceCall', /polymorphic relationship Owner/],
  ])('refuses %s, which no product query uses, with a clear MALFORMED_QUERY', (soql, pattern) => {
    // Prepare: nothing beyond the query.

    // Act
    const error = failure(soql);

    // Assess
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toMatch(/^The local org emulator does not support /);
    expect(error.message).toMatch(pattern);
  });
});
