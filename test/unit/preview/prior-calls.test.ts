import { PreviewOrg } from '../../../scripts/preview/org';
import { ApexError, bindQuery, getPriorCalls, readController } from '../../../scripts/preview/prior-calls';
import { currentCallFor } from '../../../scripts/preview/server';

// The ringing call starts on the wall clock (as in the preview), so the sample data is built around it too.
const NOW = new Date();
const RETURNING = '+14155550101';

/** The ringing call of a sample caller in a fresh preview org. */
async function ringing(
  caller = RETURNING,
  org = new PreviewOrg(NOW),
): Promise<{ org: PreviewOrg; id: string }> {
  return { org, id: String((await currentCallFor(org, caller)).Id) };
}

/** Runs getPriorCalls expecting an ApexError and returns its message. */
function apexFailure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof ApexError) return e.message;
    throw e;
  }
  throw new Error('expected an ApexError');
}

describe('the controller source the preview runs', () => {
  it('reads the three static queries and the limits from PriorCallContextController.cls', () => {
    // Act
    const apex = readController();

    // Assess
    expect(apex.currentCall).toMatch(
      /^SELECT Id, CallType, .* FROM VoiceCall WHERE Id = :voiceCallId WITH USER_MODE LIMIT 1$/,
    );
    expect(apex.priorCallCount).toMatch(
      /^SELECT COUNT\(\) FROM VoiceCall WHERE Id != :currentId .*WITH USER_MODE$/,
    );
    expect(apex.priorCalls).toMatch(/ORDER BY CallStartDateTime DESC, Id DESC LIMIT :rowLimit$/);
    expect(apex).toMatchObject({
      defaultHistoryDays: 90,
      maxHistoryDays: 365,
      defaultMaxRows: 10,
      maxRowsLimit: 50,
    });
    expect(apex.noAccessMessage).toMatch(/^You do not have access to voice calls .* permission set\.$/);
  });

  it('refuses a class whose queries it cannot recognise', () => {
    // Prepare
    const apex =
      'public with sharing class X { void a() { List<VoiceCall> v = [SELECT Id FROM VoiceCall]; } }';

    // Act
    const read = (): unknown => readController(apex);

    // Assess
    expect(read).toThrow(/expected three static queries/);
  });

  it('binds escaped literals and drops the Apex-only WITH USER_MODE', () => {
    // Prepare
    const apexSoql = 'SELECT Id FROM VoiceCall WHERE Name = :name AND Id != :id WITH USER_MODE LIMIT :n';

    // Act
    const soql = bindQuery(apexSoql, { name: "'O\\'Brien'", id: "'0LQ'", n: '5' });

    // Assess
    expect(soql).toBe("SELECT Id FROM VoiceCall WHERE Name = 'O\\'Brien' AND Id != '0LQ' LIMIT 5");
    expect(() => bindQuery(apexSoql, { name: "'x'" })).toThrow('no value for the bind variable :id');
  });
});

describe('getPriorCalls through the org emulator', () => {
  it('answers a returning caller with the calls the controller query finds, newest first', async () => {
    // Prepare
    const { org, id } = await ringing();

    // Act
    const context = getPriorCalls(org, id);

    // Assess
    expect(context).toMatchObject({ customerNumber: RETURNING, historyDays: 90, totalCalls: 3 });
    expect(context.calls.map((c) => c.agentName)).toEqual(['Ana Lopez', 'Ben Okafor', 'Carla Rossi']);
    expect(context.calls.every((c) => c.id !== id && /^\d{4}-\d\d-\d\dT.*Z$/.test(c.startTime ?? ''))).toBe(
      true,
    );
  });

  it('counts every call in the window but returns only maxRows of them', async () => {
    // Prepare
    const { org, id } = await ringing();

    // Act
    const context = getPriorCalls(org, id, 90, 1);

    // Assess
    expect(context.totalCalls).toBe(3);
    expect(context.calls.map((c) => c.agentName)).toEqual(['Ana Lopez']);
  });

  it('reads the org as it is now: a call updated through the emulator shows its new reason', async () => {
    // Prepare
    const { org, id } = await ringing();
    const newest = getPriorCalls(org, id).calls[0]?.id as string;
    org.update('VoiceCall', newest, { Call_Reason__c: 'Billing dispute' });

    // Act
    const context = getPriorCalls(org, id);

    // Assess
    expect(context.calls[0]?.reason).toBe('Billing dispute');
  });

  it('answers a first-time caller with no calls', async () => {
    // Prepare
    const { org, id } = await ringing('+14155550199');

    // Act
    const context = getPriorCalls(org, id);

    // Assess
    expect(context).toEqual({ customerNumber: '+14155550199', historyDays: 90, totalCalls: 0, calls: [] });
  });

  it.each([
    [(org: PreviewOrg, id: string) => getPriorCalls(org, id, 366), 'historyDays must be between 1 and 365.'],
    [(org: PreviewOrg, id: string) => getPriorCalls(org, id, 90, 0), 'maxRows must be between 1 and 50.'],
    [
      (org: PreviewOrg) => getPriorCalls(org, '005SB0000001ANA'),
      'voiceCallId must be the Id of a VoiceCall record.',
    ],
    [
      (org: PreviewOrg) => getPriorCalls(org, '0LQSB0000000999'),
      'The voice call was not found or you do not have access to it.',
    ],
  ])('answers bad input with the controller message (%#)', async (run, message) => {
    // Prepare
    const { org, id } = await ringing();

    // Act
    const error = apexFailure(() => run(org, id));

    // Assess
    expect(error).toBe(message);
  });

  it('answers an org without the package fields with the no-access message, as user mode does', async () => {
    // Prepare
    const { org, id } = await ringing(RETURNING, new PreviewOrg(NOW, { omitCustomFields: true }));

    // Act
    const error = apexFailure(() => getPriorCalls(org, id));

    // Assess
    expect(error).toBe(readController().noAccessMessage);
  });
});
