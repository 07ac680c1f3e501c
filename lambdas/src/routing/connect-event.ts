/**
 * Connect's ContactFlowEvent as `@types/aws-lambda` declares it, widened where Connect sends more:
 * TASK contacts, initiation methods the package's union lacks, and no `MediaStreams` outside voice.
 * Tests, the flow simulator and the sandbox build their events as this type.
 */
import type { ConnectContactFlowEvent as AwsContactFlowEvent } from 'aws-lambda';

type AwsContactData = AwsContactFlowEvent['Details']['ContactData'];

/** Channels a flow can invoke a Lambda for (`@types/aws-lambda` lacks TASK). */
export type ContactChannel = AwsContactData['Channel'] | 'TASK';

/** Initiation methods Connect reports (the package lists only five). */
export type InitiationMethod =
  | AwsContactData['InitiationMethod']
  | 'QUEUE_TRANSFER'
  | 'DISCONNECT'
  | 'EXTERNAL_OUTBOUND'
  | 'MONITOR'
  | 'WEBRTC_API'
  | 'AGENT_REPLY'
  | 'FLOW';

/** The event Connect sends a Lambda from a flow. */
export interface ConnectContactFlowEvent extends Omit<AwsContactFlowEvent, 'Details'> {
  Details: Omit<AwsContactFlowEvent['Details'], 'ContactData'> & {
    ContactData: Omit<AwsContactData, 'Channel' | 'InitiationMethod' | 'MediaStreams'> & {
      Channel: ContactChannel;
      InitiationMethod: InitiationMethod;
      MediaStreams?: AwsContactData['MediaStreams'];
    };
  };
}
