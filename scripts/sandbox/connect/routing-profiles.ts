/**
 * Routing profiles in the Connect emulator: each user works in one, and a profile serves a set of
 * standard queues (ListRoutingProfileQueues). GetCurrentUserData reports a user's profile, and its
 * Queues filter returns only the agents whose profile serves one of the queues, as Connect does.
 */
import type { ConnectUser } from '../sample-data';
import { invalidParameter, notFound } from './errors';
import type { ConnectState, OperationHandler } from './operations';
import { epochSeconds, maxResults, page, regionOf, resolveInstance } from './params';

export function routingProfileArn(state: ConnectState, profileId: string): string {
  return `${state.data.instanceArn}/routing-profile/${profileId}`;
}

/** The `{Id, Arn}` reference GetCurrentUserData and the agent event stream carry for a user. */
export function routingProfileRefOf(state: ConnectState, userId: string): { Id: string; Arn: string } {
  const id = profileIdOf(state, userId);
  return { Id: id, Arn: routingProfileArn(state, id) };
}

export function profileIdOf(state: ConnectState, userId: string): string {
  const user: ConnectUser | undefined = state.data.users.find((u) => u.id === userId);
  return user?.routingProfileId ?? state.data.routingProfiles[0]?.id ?? '';
}

/** Standard queue ids a routing profile serves. */
export function queueIdsServedBy(state: ConnectState, profileId: string): string[] {
  const profile = state.data.routingProfiles.find((p) => p.id === profileId);
  if (!profile) return [];
  return state.data.queues
    .filter((q) => q.queueType === 'STANDARD' && profile.queueNames.includes(q.name))
    .map((q) => q.id);
}

const PROFILE_ID = /^[\w-]{1,256}$/;

export const listRoutingProfileQueues: OperationHandler = (state, { params, query }) => {
  resolveInstance(state, params.InstanceId);
  const profileId = params.RoutingProfileId ?? '';
  if (!PROFILE_ID.test(profileId)) throw invalidParameter(`Invalid routing profile id: ${profileId}`);
  if (!state.data.routingProfiles.some((p) => p.id === profileId)) {
    throw notFound(`Routing profile ${profileId} not found`);
  }
  const limit = maxResults(query.get('maxResults') ?? undefined, 'maxResults', 100, 100);
  const summaries = queueIdsServedBy(state, profileId).map((id) => {
    const q = state.data.queues.find((x) => x.id === id);
    return {
      QueueId: id,
      QueueArn: `${state.data.instanceArn}/queue/${id}`,
      QueueName: q?.name ?? id,
      Priority: 1,
      Delay: 0,
      Channel: 'VOICE',
    };
  });
  const { items, NextToken } = page(
    'ListRoutingProfileQueues',
    summaries,
    query.get('nextToken') ?? undefined,
    limit,
  );
  return {
    RoutingProfileQueueConfigSummaryList: items,
    LastModifiedTime: epochSeconds(state.startedAt),
    LastModifiedRegion: regionOf(state),
    ...(NextToken ? { NextToken } : {}),
  };
};
