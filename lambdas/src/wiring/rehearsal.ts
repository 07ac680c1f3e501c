/**
 * The rehearsal of a provisioned-concurrency container: before its first call, the container walks
 * the whole lookup of a returning caller whose agent is available, a number of times, over the real
 * adapters (jsforce, the Connect and DynamoDB clients, the presence item's reading, the routing
 * decision, the response, the log record and the metrics) with canned wire answers. Nothing leaves
 * the container and nothing is logged or published.
 *
 * Why: the pre-warm's real requests find nobody, so the code of an answered lookup (about ninety
 * functions) is first compiled, and V8's feedback for it first collected, on a caller's time. A
 * pre-warmed container's first call was measured 8–11 ms slower than a warm one for that reason
 * alone (same requests); the rehearsals close the gap (README, benchmark). V8 shares compiled
 * code and feedback between instances of the same classes, so rehearsing on separate instances
 * warms the code the real ones run.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { HttpRequest as JsforceRequest, HttpResponse as JsforceResponse } from 'jsforce/lib/types';
import { agentKey, eventOrderKey, type PresenceItem } from '../presence/presence-item';
import type { SendRequest } from '../salesforce/transport';
import type { LookupConfig } from '../shared/config';

/**
 * Rounds a provisioned container rehearses. Measured (first call's CPU, 14 containers each): 20
 * rounds left 4–7 ms more than a warm call, 60 about 2.5 ms, 150 no less; 60 rounds take about
 * 200 ms of the init phase here.
 */
export const REHEARSAL_ROUNDS = 60;

/** How many rounds this container rehearses: only a provisioned one, whose init is off the call path. */
export function rehearsalRoundsFor(env: Record<string, string | undefined>): number {
  // An on-demand container's init is part of its first caller's wait: rehearsing would cost more
  // than it saves there.
  return env.AWS_LAMBDA_INITIALIZATION_TYPE === 'provisioned-concurrency' ? REHEARSAL_ROUNDS : 0;
}

/** A rehearsal caller: their last call, its agent and the agent's Connect user. */
export interface RehearsalCaller {
  number: string;
  voiceCallId: string;
  agentUserId: string;
  connectUserId: string;
}

/** The rehearsal's fictional org, people and instance: ids no real record has. */
export const REHEARSAL = {
  orgId: '00D000000000000AAA',
  accountId: '000000000000',
  instanceId: '00000000-0000-4000-8000-000000000000',
  contactId: '00000000-0000-4000-8000-000000000003',
  queueId: '00000000-0000-4000-8000-000000000002',
  routingProfileId: '00000000-0000-4000-8000-000000000004',
  queueName: 'Rehearsal',
  /** Whose agent has a CallCenterRoutingMap row. */
  mappedCaller: {
    number: '+12025550199',
    voiceCallId: '0LQ000000000000AAA',
    agentUserId: '005000000000000AAA',
    connectUserId: '00000000-0000-4000-8000-000000000001',
  },
  /** Whose agent is found by SCV's username convention (SearchUsers), as in most SCV orgs. */
  usernameCaller: {
    number: '+12025550198',
    voiceCallId: '0LQ000000000001AAA',
    agentUserId: '005000000000001AAA',
    connectUserId: '00000000-0000-4000-8000-000000000005',
  },
} as const satisfies Record<string, string | RehearsalCaller>;

const CALLERS: readonly RehearsalCaller[] = [REHEARSAL.mappedCaller, REHEARSAL.usernameCaller];

/** Where the rehearsal places itself when the Lambda's region is not configured (outside Lambda). */
const REHEARSAL_REGION = 'us-east-1';

/** The rehearsal's instance: the configured one's id (or a fictional one) in the Lambda's region. */
export function rehearsalInstance(config: LookupConfig): { instanceId: string; instanceArn: string } {
  const instanceId = config.connectInstanceId ?? REHEARSAL.instanceId;
  const region = config.awsRegion ?? REHEARSAL_REGION;
  return {
    instanceId,
    instanceArn: `arn:aws:connect:${region}:${REHEARSAL.accountId}:instance/${instanceId}`,
  };
}

/** The contact events Connect would send for the rehearsal's callers, one per caller. */
export function rehearsalEvents(config: LookupConfig): unknown[] {
  return CALLERS.map((caller) => rehearsalEvent(config, caller));
}

function rehearsalEvent(config: LookupConfig, caller: RehearsalCaller): unknown {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: REHEARSAL.contactId,
        CustomerEndpoint: { Address: caller.number, Type: 'TELEPHONE_NUMBER' },
        InitiationMethod: 'INBOUND',
        InstanceARN: rehearsalInstance(config).instanceArn,
      },
      Parameters: {},
    },
  };
}

/** The canned exchanges the rehearsal's adapters are built on. */
export interface RehearsalWire {
  /** Salesforce: the token grant and the two queries (VoiceCall, CallCenterRoutingMap). */
  salesforceSend: SendRequest;
  /**
   * AWS clients' settings: a handler that answers the presence table's GetItem and Connect's
   * ListQueues, SearchUsers, GetCurrentUserData and ListRoutingProfileQueues, and credentials and a region of
   * the rehearsal's own (requests are signed as for real, by nobody).
   */
  aws: Required<Pick<DynamoDBClientConfig, 'requestHandler' | 'credentials' | 'region'>>;
}

interface AwsRequest {
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

const json = (statusCode: number, body: unknown, contentType: string) => ({
  statusCode,
  headers: { 'content-type': contentType },
  body: new TextEncoder().encode(JSON.stringify(body)),
});

/** The request body the SDK built (JSON protocols), or {} when it is none. */
function bodyOf(request: AwsRequest): Record<string, unknown> {
  try {
    const { body } = request;
    const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : body;
    return typeof text === 'string' ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Canned answers, shaped as Salesforce's REST API and the AWS services give them. */
export function rehearsalWire(config: LookupConfig, now: () => number = Date.now): RehearsalWire {
  const { instanceId, instanceArn } = rehearsalInstance(config);
  const agentArn = (caller: RehearsalCaller): string => `${instanceArn}/agent/${caller.connectUserId}`;
  const byConnectUser = (id: unknown): RehearsalCaller | undefined =>
    CALLERS.find((c) => c.connectUserId === id);
  const queueArn = `${instanceArn}/queue/${REHEARSAL.queueId}`;
  const routingProfileArn = `${instanceArn}/routing-profile/${REHEARSAL.routingProfileId}`;
  const statusName = config.availableStatusNames[0] ?? 'Available';

  const sf = (body: unknown, statusCode = 200): JsforceResponse => ({
    statusCode,
    headers: { 'content-type': 'application/json;charset=UTF-8' },
    body: JSON.stringify(body),
  });
  const records = (type: string, rows: Record<string, unknown>[]) => ({
    totalSize: rows.length,
    done: true,
    records: rows.map((r) => ({ attributes: { type }, ...r })),
  });
  const salesforceSend = async (req: JsforceRequest): Promise<JsforceResponse> => {
    if (req.url.includes('/services/oauth2/token'))
      return sf({
        access_token: 'rehearsal',
        instance_url: 'https://rehearsal.invalid',
        id: `https://login.salesforce.com/id/${REHEARSAL.orgId}/${REHEARSAL.mappedCaller.agentUserId}`,
      });
    const soql = new URL(req.url).searchParams.get('q') ?? '';
    if (/\bFROM\s+VoiceCall\b/i.test(soql)) {
      // The caller whose number the query looks for (its national digits are in every stored form)
      const caller = CALLERS.find((c) => soql.includes(c.number.slice(2))) ?? REHEARSAL.mappedCaller;
      return sf(
        records('VoiceCall', [
          {
            Id: caller.voiceCallId,
            UserId: caller.agentUserId,
            User: { attributes: { type: 'User' }, FirstName: 'Rehearsal' },
            QueueName: REHEARSAL.queueName,
            CallStartDateTime: new Date(now() - 86_400_000).toISOString().replace('Z', '+0000'),
            Call_Reason__c: 'Rehearsal',
            Call_Reason_Status__c: 'Open',
          },
        ]),
      );
    }
    if (/\bFROM\s+CallCenterRoutingMap\b/i.test(soql))
      return sf(
        records('CallCenterRoutingMap', [
          {
            ReferenceRecordId: REHEARSAL.mappedCaller.agentUserId,
            ExternalId: agentArn(REHEARSAL.mappedCaller),
          },
        ]),
      );
    return sf([{ errorCode: 'MALFORMED_QUERY', message: 'not part of the rehearsal' }], 400);
  };

  const presenceItem = (caller: RehearsalCaller): PresenceItem => {
    const at = now();
    return {
      pk: agentKey(instanceId, caller.connectUserId),
      kind: 'agent',
      instanceId,
      agentId: caller.connectUserId,
      agentArn: agentArn(caller),
      loggedIn: true,
      statusName,
      statusType: 'routable',
      statusStartedAt: new Date(at).toISOString(),
      inboundQueues: [
        { arn: queueArn, id: REHEARSAL.queueId, name: REHEARSAL.queueName, channels: ['VOICE'] },
      ],
      maxSlotsByChannel: { VOICE: 1 },
      freeSlotsByChannel: { VOICE: 1 },
      connectedContactsByChannel: {},
      contacts: [],
      lastEventId: 'rehearsal',
      lastEventType: 'HEART_BEAT',
      lastEventAt: at,
      lastEventKey: eventOrderKey(at, 'rehearsal'),
      expiresAt: Math.floor(at / 1000) + 3600,
    };
  };
  // Connect, REST JSON: the queue list, the username search, and without a presence table the
  // agent's live state and their routing profile's queues
  const connectAnswers: Record<string, (body: Record<string, unknown>) => unknown> = {
    [`/queues-summary/${instanceId}`]: () => ({
      QueueSummaryList: [
        { Id: REHEARSAL.queueId, Arn: queueArn, Name: REHEARSAL.queueName, QueueType: 'STANDARD' },
      ],
    }),
    '/search-users': (body) => {
      const criteria = body.SearchCriteria as { StringCondition?: { Value?: unknown } } | undefined;
      const caller = REHEARSAL.usernameCaller;
      return {
        Users: [
          { Id: caller.connectUserId, Arn: agentArn(caller), Username: criteria?.StringCondition?.Value },
        ],
        ApproximateTotalCount: 1,
      };
    },
    [`/metrics/userdata/${instanceId}`]: (body) => {
      const caller = byConnectUser((body.Filters as { Agents?: unknown[] } | undefined)?.Agents?.[0]);
      return {
        UserDataList: caller
          ? [
              {
                User: { Id: caller.connectUserId, Arn: agentArn(caller) },
                RoutingProfile: { Id: REHEARSAL.routingProfileId, Arn: routingProfileArn },
                Status: { StatusName: statusName, StatusStartTimestamp: now() / 1000 },
                AvailableSlotsByChannel: { VOICE: 1 },
                MaxSlotsByChannel: { VOICE: 1 },
                ActiveSlotsByChannel: { VOICE: 0 },
                Contacts: [],
              },
            ]
          : [],
        ApproximateTotalCount: caller ? 1 : 0,
      };
    },
    [`/routing-profiles/${instanceId}/${REHEARSAL.routingProfileId}/queues`]: () => ({
      RoutingProfileQueueConfigSummaryList: [
        {
          QueueId: REHEARSAL.queueId,
          QueueArn: queueArn,
          QueueName: REHEARSAL.queueName,
          Priority: 1,
          Delay: 0,
          Channel: 'VOICE',
        },
      ],
    }),
  };
  const handle = async (request: AwsRequest) => {
    const body = bodyOf(request);
    const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'];
    if (target === 'DynamoDB_20120810.GetItem') {
      const pk = (body.Key as { pk?: { S?: string } } | undefined)?.pk?.S ?? '';
      const caller = CALLERS.find((c) => pk === agentKey(instanceId, c.connectUserId));
      return {
        response: json(
          200,
          caller ? { Item: marshall(presenceItem(caller)) } : {},
          'application/x-amz-json-1.0',
        ),
      };
    }
    const connectAnswer = connectAnswers[request.path];
    if (connectAnswer) return { response: json(200, connectAnswer(body), 'application/json') };
    return {
      response: {
        ...json(400, { message: 'not part of the rehearsal' }, 'application/json'),
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidRequestException' },
      },
    };
  };
  // The SDK's HttpHandler: `handle` answers; the others let client set-up treat it as its own.
  const awsRequestHandler = {
    handle,
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  } as unknown as RehearsalWire['aws']['requestHandler'];
  return {
    salesforceSend,
    aws: {
      region: config.awsRegion ?? REHEARSAL_REGION,
      credentials: { accessKeyId: 'REHEARSAL', secretAccessKey: 'rehearsal' },
      requestHandler: awsRequestHandler,
    },
  };
}
