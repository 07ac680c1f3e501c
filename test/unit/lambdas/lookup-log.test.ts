import { SalesforceBackoffError, DeadlineExceededError } from '../../../lambdas/src/shared/errors';
import type { LookupResult } from '../../../lambdas/src/routing/find-last-agent';
import {
  answeredFields,
  failedLookup,
  LOOKUP_LOG_MESSAGE,
  lookupLogLevel,
  lookupLogRecord,
} from '../../../lambdas/src/routing/lookup-log';
import { decide } from '../../../lambdas/src/routing/decide';

const contact = { contactId: 'c-1', channel: 'VOICE' as const };
const io = { caller: '*******0101', sfRequests: 1, connectRequests: 2 };

describe('lookupLogLevel', () => {
  it.each([
    ['AGENT_AVAILABLE', {}, 'info'],
    ['NO_RECENT_CALL', {}, 'info'],
    ['NO_CALLER_NUMBER', {}, 'info'],
    ['LOOKUP_FAILED', {}, 'warn'],
    ['LOOKUP_TIMED_OUT', {}, 'warn'],
    ['AGENT_STATUS_UNKNOWN', { softFailures: ['agent-state: ThrottlingException: Rate exceeded'] }, 'warn'],
    ['AGENT_AVAILABLE', { routingMapUnreadable: 'INVALID_TYPE: sObject type not supported' }, 'warn'],
    ['LOOKUP_FAILED', { backedOff: true }, 'info'],
    ['AGENT_STATUS_UNKNOWN', { softFailures: ['x'], backedOff: true }, 'info'],
  ] as const)('%s with %j logs at %s', (outcome, fields, level) => {
    // Act
    const actual = lookupLogLevel(outcome, fields);

    // Assess
    expect(actual).toBe(level);
  });

  it('treats a field that is present but undefined as absent', () => {
    // Act / Assess
    expect(
      lookupLogLevel('AGENT_AVAILABLE', { softFailures: undefined, routingMapUnreadable: undefined }),
    ).toBe('info');
    expect(lookupLogLevel('LOOKUP_FAILED', { backedOff: undefined })).toBe('warn');
  });
});

describe('lookupLogRecord', () => {
  it('carries outcome, contact, channel and the rounded duration before the fields', () => {
    // Act
    const record = lookupLogRecord('LOOKUP_FAILED', contact, 12.6, { caller: io.caller, error: 'boom' });

    // Assess
    expect(record).toEqual({
      level: 'warn',
      message: LOOKUP_LOG_MESSAGE,
      attributes: {
        outcome: 'LOOKUP_FAILED',
        contactId: 'c-1',
        channel: 'VOICE',
        durationMs: 13,
        caller: io.caller,
        error: 'boom',
      },
    });
    expect(Object.keys(record.attributes).slice(0, 4)).toEqual([
      'outcome',
      'contactId',
      'channel',
      'durationMs',
    ]);
  });

  it('logs an unreadable routing map at warn even when the agent was found', () => {
    // Act
    const record = lookupLogRecord('AGENT_AVAILABLE', contact, 1, {
      routingMapUnreadable: 'INVALID_TYPE: …',
    });

    // Assess
    expect(record.level).toBe('warn');
  });
});

describe('answeredFields', () => {
  it('names the previous call lastVoiceCallId and reports how the agent was found', () => {
    // Prepare
    const call = { lastVoiceCallId: '0LQ1', agentUserId: '005A' };
    const agent = { connectUserId: 'a1', arn: 'arn', mappedBy: 'routing-map' as const };
    const result: LookupResult = {
      response: decide({ call, agent }),
      facts: {
        call,
        agent,
        state: { loggedIn: true, statusName: 'Available' },
        availabilitySource: 'presence',
      },
      softFailures: [],
    };

    // Act
    const fields = answeredFields(result, { ...io, presenceMiss: 'no item' });

    // Assess
    expect(fields).toMatchObject({
      ...io,
      lastVoiceCallId: '0LQ1',
      mappedBy: 'routing-map',
      agentStatus: 'Available',
      availabilitySource: 'presence',
      presenceMiss: 'no item',
      softFailures: undefined,
      routingMapUnreadable: undefined,
    });
    expect(fields).not.toHaveProperty('voiceCallId');
  });

  it('redacts soft failures and the routing map error', () => {
    // Prepare
    const result: LookupResult = {
      response: decide({}),
      facts: {},
      softFailures: ['warm-up: Error: request to ...q=+14155550101 failed'],
    };

    // Act
    const fields = answeredFields(result, { ...io, routingMapReadError: 'INVALID_TYPE: 4155550101' });

    // Assess
    expect(JSON.stringify(fields)).not.toContain('4155550101');
    expect(fields.softFailures).toEqual([expect.stringContaining('0101')]);
    expect(String(fields.routingMapUnreadable)).toMatch(/^INVALID_TYPE: \*+0101$/);
  });
});

describe('failedLookup', () => {
  it('turns a spent deadline into LOOKUP_TIMED_OUT', () => {
    // Act
    const failed = failedLookup(new DeadlineExceededError(3000), io);

    // Assess
    expect(failed.outcome).toBe('LOOKUP_TIMED_OUT');
    expect(failed.fields).toMatchObject({ ...io, error: expect.stringMatching(/^DeadlineExceededError: /) });
  });

  it('marks a Salesforce back-off, so the calls it answers log at info', () => {
    // Prepare
    const e = new SalesforceBackoffError('REQUEST_LIMIT_EXCEEDED', Date.now() + 1000);

    // Act
    const failed = failedLookup(e, io);

    // Assess
    expect(failed.outcome).toBe('LOOKUP_FAILED');
    expect(failed.fields).toMatchObject({ backedOff: true, errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(lookupLogLevel(failed.outcome, failed.fields)).toBe('info');
  });

  it('keeps an error code short and ignores one that is not a string', () => {
    // Prepare
    const long = Object.assign(new Error('x'), { errorCode: 'E'.repeat(100) });
    const odd = Object.assign(new Error('x'), { errorCode: 42 });

    // Act / Assess
    expect(failedLookup(long, io).fields.errorCode).toBe('E'.repeat(64));
    expect(failedLookup(odd, io).fields.errorCode).toBeUndefined();
    expect(failedLookup('plain', io).fields).toMatchObject({
      error: 'Error: plain',
      backedOff: undefined,
    });
    expect(lookupLogLevel('LOOKUP_FAILED', failedLookup(odd, io).fields)).toBe('warn');
  });
});
