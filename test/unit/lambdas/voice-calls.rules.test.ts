/**
 * `VoiceCallRepository`: the row it turns into the last call, and the one retry without the
 * package's fields in an org that lacks them (remembered for the container's life).
 */
import type { SalesforceSession } from '../../../lambdas/src/salesforce/session';
import { VoiceCallRepository } from '../../../lambdas/src/salesforce/voice-calls';
import { Budget } from '../../../lambdas/src/shared/budget';
import { SalesforceError } from '../../../lambdas/src/shared/errors';

const FORMS = ['+14155550101', '4155550101'];
const missingColumn = (column: string): SalesforceError =>
  new SalesforceError(
    `\nSELECT Id, Call_Reason__c FROM VoiceCall\n^\nERROR at Row:1:Column:12\nNo such column '${column}' on entity 'VoiceCall'.`,
    'INVALID_FIELD',
  );

/** A session answering queries with `answers` in turn, recording the SOQL and budgets it got. */
function fakeSession(...answers: (unknown[] | Error)[]) {
  const soql: string[] = [];
  const budgets: Budget[] = [];
  const session = {
    query: async (text: string, budget: Budget) => {
      soql.push(text);
      budgets.push(budget);
      const next = answers.length > 1 ? answers.shift() : answers[0];
      if (next instanceof Error) throw next;
      return next;
    },
  } as unknown as SalesforceSession;
  return { session, soql, budgets };
}

describe('VoiceCallRepository.findLastAnsweredCall', () => {
  it('turns the newest answered call into the last call', async () => {
    // Prepare
    const { session, soql, budgets } = fakeSession([
      {
        Id: '0LQ1',
        UserId: '005A',
        User: { FirstName: 'Ana' },
        QueueName: 'Support',
        CallType: 'Inbound',
        CallStartDateTime: '2026-11-21T09:30:00.000+0000',
        Call_Reason__c: 'Router',
        Call_Reason_Status__c: 'Open',
      },
    ]);
    const budget = Budget.start(1_000);

    // Act
    const call = await new VoiceCallRepository(session).findLastAnsweredCall(FORMS, 7, budget);

    // Assess
    expect(call).toEqual({
      lastVoiceCallId: '0LQ1',
      agentUserId: '005A',
      agentFirstName: 'Ana',
      queueName: 'Support',
      startedAt: '2026-11-21T09:30:00.000Z',
      reason: 'Router',
      reasonStatus: 'Open',
    });
    expect(budgets).toEqual([budget]);
    expect(soql[0]).toContain('LAST_N_DAYS:7');
    expect(soql[0]).toContain("FromPhoneNumber IN ('+14155550101', '4155550101')");
    expect(soql[0]).toContain('Call_Reason_Status__c');
  });

  it('leaves out what Salesforce left empty', async () => {
    // Prepare
    const { session } = fakeSession([
      {
        Id: '0LQ1',
        UserId: '005A',
        User: null,
        QueueName: null,
        CallStartDateTime: null,
        Call_Reason__c: null,
        Call_Reason_Status__c: null,
      },
    ]);

    // Act
    const call = await new VoiceCallRepository(session).findLastAnsweredCall(FORMS, 7, Budget.start(1_000));

    // Assess
    expect(call).toEqual({
      lastVoiceCallId: '0LQ1',
      agentUserId: '005A',
      agentFirstName: undefined,
      queueName: undefined,
      startedAt: undefined,
      reason: undefined,
      reasonStatus: undefined,
    });
  });

  it.each([
    ['no call', []],
    ['a call without an agent', [{ Id: '0LQ1', UserId: null }]],
  ])('finds nothing for %s', async (_what, records) => {
    const { session } = fakeSession(records);
    expect(
      await new VoiceCallRepository(session).findLastAnsweredCall(FORMS, 7, Budget.start(1_000)),
    ).toBeUndefined();
  });

  it("retries once without the package's fields in an org that lacks them, and remembers", async () => {
    // Prepare
    const { session, soql } = fakeSession(missingColumn('Call_Reason__c'), [{ Id: '0LQ1', UserId: '005A' }]);
    const repo = new VoiceCallRepository(session);

    // Act
    const first = await repo.findLastAnsweredCall(FORMS, 7, Budget.start(1_000));
    const second = await repo.findLastAnsweredCall(FORMS, 7, Budget.start(1_000));

    // Assess
    expect(first?.lastVoiceCallId).toBe('0LQ1');
    expect(second?.lastVoiceCallId).toBe('0LQ1');
    expect(soql).toHaveLength(3);
    expect(soql[0]).toContain('Call_Reason__c');
    expect(soql[1]).not.toContain('Call_Reason__c');
    expect(soql[1]).toContain('LAST_N_DAYS:7');
    expect(soql[1]).toContain("'+14155550101'");
    expect(soql[2]).not.toContain('Call_Reason__c');
  });

  it('does not retry for another missing column or another error', async () => {
    // Prepare
    const other = fakeSession(missingColumn('QueueName'));
    const outage = fakeSession(new SalesforceError('unavailable', 'SERVER_UNAVAILABLE'));

    // Act / Assess
    await expect(
      new VoiceCallRepository(other.session).findLastAnsweredCall(FORMS, 7, Budget.start(1_000)),
    ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(
      new VoiceCallRepository(outage.session).findLastAnsweredCall(FORMS, 7, Budget.start(1_000)),
    ).rejects.toMatchObject({ errorCode: 'SERVER_UNAVAILABLE' });
    expect([other.soql.length, outage.soql.length]).toEqual([1, 1]);
  });

  it('retries only once: a second missing-field error is reported', async () => {
    // Prepare
    const { session, soql } = fakeSession(missingColumn('Call_Reason__c'));

    // Act
    const run = new VoiceCallRepository(session).findLastAnsweredCall(FORMS, 7, Budget.start(1_000));

    // Assess
    await expect(run).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(soql).toHaveLength(2);
  });

  it('knows the second package field is missing too', async () => {
    const { session, soql } = fakeSession(missingColumn('Call_Reason_Status__c'), []);
    await new VoiceCallRepository(session).findLastAnsweredCall(FORMS, 7, Budget.start(1_000));
    expect(soql[1]).not.toContain('Call_Reason_Status__c');
  });
});
