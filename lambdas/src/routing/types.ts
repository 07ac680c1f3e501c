/** The domain of a last-agent lookup, independent of Salesforce's and Connect's wire formats. */

/** The customer's newest call that an agent accepted. */
export interface LastCall {
  /** The previous call's VoiceCall id (never the call being routed). */
  lastVoiceCallId: string;
  /** 18-character Salesforce User id of the agent who handled it (Apex and the LWC: `agentUserId`). */
  agentUserId: string;
  agentFirstName?: string;
  /** Connect queue name as SCV wrote it on the VoiceCall (may be missing on fresh records). */
  queueName?: string;
  /** ISO 8601. */
  startedAt?: string;
  reason?: string;
  /** `Call_Reason_Status__c`: 'Open' marks a matter the customer may be calling about again. */
  reasonStatus?: string;
}

/** A Connect agent (user) that can take contacts. */
export interface ConnectAgent {
  /** The Connect user id (never a Salesforce user id). */
  connectUserId: string;
  arn: string;
  /** Which rule found the agent: the CallCenterRoutingMap row or SCV's username convention. */
  mappedBy: 'routing-map' | 'scv-username';
}

/** The agent's live state from Connect; `loggedIn: false` when Connect reports nothing for them. */
export interface AgentState {
  loggedIn: boolean;
  statusName?: string;
  nextStatus?: string;
  availableVoiceSlots?: number;
  /** The agent's routing profile id, when the source reports it (GetCurrentUserData does). */
  routingProfileId?: string;
  /**
   * The standard queues the agent's routing profile serves on voice, when the source carries them
   * (the agent event stream's snapshot does): then no Connect request is needed to know.
   */
  inboundQueueArns?: readonly string[];
  /** Which source answered: the presence table or Connect's GetCurrentUserData. */
  source?: AvailabilitySource;
}

export type AvailabilitySource = 'presence' | 'connect';

/** The Connect instance a contact belongs to. */
export interface InstanceRef {
  instanceId: string;
  instanceArn: string;
}
