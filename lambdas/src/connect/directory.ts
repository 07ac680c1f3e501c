/**
 * Amazon Connect reads for the lookup: who a user is (SCV username convention), their live state,
 * and queue ARNs by name. Directory data is cached (the APIs are quota-limited at a few requests per
 * second per account); live state never is.
 */
import {
  GetCurrentUserDataCommand,
  ListQueuesCommand,
  ListRoutingProfileQueuesCommand,
  SearchUsersCommand,
  type ConnectClient,
} from '@aws-sdk/client-connect';
import type { AgentState, ConnectAgent, InstanceRef } from '../routing/types';
import { SharedFlights, type Budget } from '../shared/budget';
import { TtlCache } from '../shared/ttl-cache';

export interface ConnectDirectoryOptions {
  agentCacheTtlMs: number;
  queueCacheTtlMs: number;
  /** Misses are cached shorter so a newly created Connect user is found soon. */
  negativeCacheTtlMs?: number;
}

/** Bounds that keep a long-lived container's memory flat whatever the traffic. */
const MAX_CACHED_AGENTS = 5_000;
const MAX_CACHED_INSTANCES = 8;
const MAX_CACHED_PROFILES = 500;
/** A queue listing older than this is not joined; the next caller lists afresh. */
const LISTING_MAX_AGE_MS = 10_000;

export class ConnectDirectory {
  private readonly agentsByUsername: TtlCache<string, ConnectAgent | null>;
  private readonly queuesByInstance: TtlCache<string, Map<string, string>>;
  private readonly profileQueues: TtlCache<string, readonly string[]>;
  private readonly queueLoads = new SharedFlights<string, Map<string, string>>(LISTING_MAX_AGE_MS);
  /** Round trips made, for logs and the benchmark. */
  public requests = 0;

  public constructor(
    private readonly client: ConnectClient,
    private readonly options: ConnectDirectoryOptions,
  ) {
    this.agentsByUsername = new TtlCache(options.agentCacheTtlMs, MAX_CACHED_AGENTS);
    this.queuesByInstance = new TtlCache(options.queueCacheTtlMs, MAX_CACHED_INSTANCES);
    this.profileQueues = new TtlCache(options.queueCacheTtlMs, MAX_CACHED_PROFILES);
  }

  /** Finds a Connect user by exact username (SearchUsers), caching hits and misses. */
  public async findAgentByUsername(
    username: string,
    instance: InstanceRef,
    budget: Budget,
  ): Promise<ConnectAgent | undefined> {
    const key = `${instance.instanceId}|${username}`;
    const cached = this.agentsByUsername.get(key);
    if (cached !== undefined) return cached ?? undefined;
    this.requests += 1;
    const out = await this.client.send(
      new SearchUsersCommand({
        InstanceId: instance.instanceId,
        SearchCriteria: {
          StringCondition: { FieldName: 'Username', Value: username, ComparisonType: 'EXACT' },
        },
        MaxResults: 2,
      }),
      { abortSignal: budget.signal },
    );
    const user = out.Users?.find((u) => u.Username?.toLowerCase() === username.toLowerCase());
    const agent: ConnectAgent | null =
      user?.Id && user.Arn ? { connectUserId: user.Id, arn: user.Arn, mappedBy: 'scv-username' } : null;
    this.agentsByUsername.set(key, agent, agent ? undefined : (this.options.negativeCacheTtlMs ?? 60_000));
    return agent ?? undefined;
  }

  /** The agent's live state; `loggedIn: false` when Connect reports nothing for them. */
  public async getAgentState(
    connectUserId: string,
    instance: InstanceRef,
    budget: Budget,
  ): Promise<AgentState> {
    this.requests += 1;
    const out = await this.client.send(
      new GetCurrentUserDataCommand({
        InstanceId: instance.instanceId,
        Filters: { Agents: [connectUserId] },
        MaxResults: 1,
      }),
      { abortSignal: budget.signal },
    );
    const data = out.UserDataList?.find((d) => d.User?.Id === connectUserId);
    if (!data) return { loggedIn: false };
    return {
      loggedIn: true,
      statusName: data.Status?.StatusName,
      nextStatus: data.NextStatus || undefined,
      availableVoiceSlots: data.AvailableSlotsByChannel?.VOICE,
      routingProfileId: data.RoutingProfile?.Id,
    };
  }

  /** Queue ARN by name, from a cached ListQueues of the instance's standard queues. */
  public async queueArnByName(
    name: string,
    instance: InstanceRef,
    budget: Budget,
  ): Promise<string | undefined> {
    return (await this.loadQueues(instance, budget)).get(name);
  }

  /**
   * The queue ARNs a routing profile serves on the voice channel (ListRoutingProfileQueues),
   * cached like the queue list: a center has few profiles and they change rarely.
   */
  public async routingProfileQueueArns(
    routingProfileId: string,
    instance: InstanceRef,
    budget: Budget,
  ): Promise<readonly string[]> {
    const key = `${instance.instanceId}|${routingProfileId}`;
    const cached = this.profileQueues.get(key);
    if (cached) return cached;
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      this.requests += 1;
      const page = await this.client.send(
        new ListRoutingProfileQueuesCommand({
          InstanceId: instance.instanceId,
          RoutingProfileId: routingProfileId,
          MaxResults: 100,
          NextToken: nextToken,
        }),
        { abortSignal: budget.signal },
      );
      for (const q of page.RoutingProfileQueueConfigSummaryList ?? []) {
        if (q.QueueArn && q.Channel === 'VOICE') arns.push(q.QueueArn);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    this.profileQueues.set(key, arns);
    return arns;
  }

  /**
   * Starts loading the queue list if it is not cached. Concurrent callers of one invocation share
   * the listing, which runs on that invocation's budget: a listing left hanging when an invocation
   * ends is aborted, never inherited by the next one.
   */
  public loadQueues(instance: InstanceRef, budget: Budget): Promise<Map<string, string>> {
    const cached = this.queuesByInstance.get(instance.instanceId);
    if (cached) return Promise.resolve(cached);
    return this.queueLoads.run(instance.instanceId, budget.root, budget, async (owner) => {
      const byName = new Map<string, string>();
      let nextToken: string | undefined;
      do {
        this.requests += 1;
        const page = await this.client.send(
          new ListQueuesCommand({
            InstanceId: instance.instanceId,
            QueueTypes: ['STANDARD'],
            MaxResults: 100,
            NextToken: nextToken,
          }),
          { abortSignal: owner.signal },
        );
        for (const q of page.QueueSummaryList ?? []) if (q.Name && q.Arn) byName.set(q.Name, q.Arn);
        nextToken = page.NextToken;
      } while (nextToken);
      this.queuesByInstance.set(instance.instanceId, byName);
      return byName;
    });
  }
}
