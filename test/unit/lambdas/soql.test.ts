import { parseQuery } from '@jetstreamapp/soql-parser-js';
import {
  buildLastAnsweredCallQuery,
  buildRoutingMapQuery,
  escapeSoqlString,
  soqlInList,
} from '../../../lambdas/src/salesforce/soql';

describe('escapeSoqlString', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(escapeSoqlString(`a'b"c\\d\ne\rf\tg`)).toBe(`a\\'b\\"c\\\\d\\ne\\rf\\tg`);
  });

  it('cannot be broken out of with a quote', () => {
    // Prepare
    const hostile = "x' OR Name != null OR Name = '";

    // Act
    const soql = `SELECT Id FROM VoiceCall WHERE FromPhoneNumber IN ${soqlInList([hostile])}`;
    const parsed = parseQuery(soql);

    // Assess: one condition, the whole hostile text is its literal value
    const where = parsed.where as { left: { field: string; value: string[] }; right?: unknown };
    expect(where.right).toBeUndefined();
    expect(where.left.field).toBe('FromPhoneNumber');
  });
});

describe('buildLastAnsweredCallQuery', () => {
  it('selects the newest answered call of the customer in either direction', () => {
    // Act
    const soql = buildLastAnsweredCallQuery({
      numberForms: ['+14155550101', '4155550101'],
      routingLookbackDays: 7,
      includePackageFields: true,
    });

    // Assess
    expect(() => parseQuery(soql)).not.toThrow();
    expect(soql).toContain('FROM VoiceCall');
    expect(soql).toContain('UserId != null');
    expect(soql).toContain('CallStartDateTime = LAST_N_DAYS:7');
    expect(soql).toContain(
      "CallType IN ('Inbound', 'Transfer', 'Callback') AND FromPhoneNumber IN ('+14155550101', '4155550101')",
    );
    expect(soql).toContain("CallType IN ('Outbound') AND ToPhoneNumber IN ('+14155550101', '4155550101')");
    expect(soql).toContain('User.FirstName');
    expect(soql).toContain('Call_Reason__c');
    expect(soql).toMatch(/ORDER BY CallStartDateTime DESC LIMIT 1$/);
  });

  it('leaves the package fields out for orgs without them', () => {
    // Act
    const soql = buildLastAnsweredCallQuery({
      numberForms: ['+1'],
      routingLookbackDays: 3,
      includePackageFields: false,
    });

    // Assess
    expect(soql).not.toContain('__c');
    expect(soql).toContain('LAST_N_DAYS:3');
  });

  it('refuses an empty number list and a bad lookback', () => {
    expect(() =>
      buildLastAnsweredCallQuery({ numberForms: [], routingLookbackDays: 7, includePackageFields: true }),
    ).toThrow('an IN list needs at least one value');
    expect(() =>
      buildLastAnsweredCallQuery({ numberForms: ['+1'], routingLookbackDays: 0, includePackageFields: true }),
    ).toThrow();
    expect(() =>
      buildLastAnsweredCallQuery({
        numberForms: ['+1'],
        routingLookbackDays: 1.5,
        includePackageFields: true,
      }),
    ).toThrow();
  });
});

describe('buildRoutingMapQuery', () => {
  it('reads the whole map, or one call center with an escaped id', () => {
    expect(buildRoutingMapQuery()).toBe('SELECT ReferenceRecordId, ExternalId FROM CallCenterRoutingMap');
    expect(buildRoutingMapQuery("04v'x")).toBe(
      "SELECT ReferenceRecordId, ExternalId FROM CallCenterRoutingMap WHERE CallCenterId = '04v\\'x'",
    );
  });
});
