/**
 * The registry of action facts: one file per flow-language action type in this folder, listed
 * here. The checker, the simulator and the Connect emulator all read `ACTIONS`; a test fails
 * when a file in this folder is missing from the list.
 */
import { CheckHoursOfOperation } from './CheckHoursOfOperation';
import { CheckMetricData } from './CheckMetricData';
import { Compare } from './Compare';
import { ConnectParticipantWithLexBot } from './ConnectParticipantWithLexBot';
import { DisconnectParticipant } from './DisconnectParticipant';
import { EndFlowExecution } from './EndFlowExecution';
import { EndFlowModuleExecution } from './EndFlowModuleExecution';
import { GetParticipantInput } from './GetParticipantInput';
import { InvokeFlowModule } from './InvokeFlowModule';
import { InvokeLambdaFunction } from './InvokeLambdaFunction';
import { Loop } from './Loop';
import { MessageParticipant } from './MessageParticipant';
import { MessageParticipantIteratively } from './MessageParticipantIteratively';
import { TransferContactToAgent } from './TransferContactToAgent';
import { TransferContactToQueue } from './TransferContactToQueue';
import { TransferParticipantToThirdParty } from './TransferParticipantToThirdParty';
import { TransferToFlow } from './TransferToFlow';
import { UnTagContact } from './UnTagContact';
import { UpdateContactAttributes } from './UpdateContactAttributes';
import { UpdateContactEventHooks } from './UpdateContactEventHooks';
import { UpdateContactMediaStreamingBehavior } from './UpdateContactMediaStreamingBehavior';
import { UpdateContactRecordingBehavior } from './UpdateContactRecordingBehavior';
import { UpdateContactRoutingBehavior } from './UpdateContactRoutingBehavior';
import { UpdateContactRoutingCriteria } from './UpdateContactRoutingCriteria';
import { UpdateContactTargetQueue } from './UpdateContactTargetQueue';
import { UpdateContactTextToSpeechVoice } from './UpdateContactTextToSpeechVoice';
import { UpdateFlowLoggingBehavior } from './UpdateFlowLoggingBehavior';
import { UpdateRoutingCriteria } from './UpdateRoutingCriteria';
import { Wait } from './Wait';
import type { ActionSpec } from './types';

const SPECS: readonly ActionSpec[] = [
  CheckHoursOfOperation,
  CheckMetricData,
  Compare,
  ConnectParticipantWithLexBot,
  DisconnectParticipant,
  EndFlowExecution,
  EndFlowModuleExecution,
  GetParticipantInput,
  InvokeFlowModule,
  InvokeLambdaFunction,
  Loop,
  MessageParticipant,
  MessageParticipantIteratively,
  TransferContactToAgent,
  TransferContactToQueue,
  TransferParticipantToThirdParty,
  TransferToFlow,
  UnTagContact,
  UpdateContactAttributes,
  UpdateContactEventHooks,
  UpdateContactMediaStreamingBehavior,
  UpdateContactRecordingBehavior,
  UpdateContactRoutingBehavior,
  UpdateContactRoutingCriteria,
  UpdateContactTargetQueue,
  UpdateContactTextToSpeechVoice,
  UpdateFlowLoggingBehavior,
  UpdateRoutingCriteria,
  Wait,
];

/** Every action type the registry knows, by its `Type` spelling. */
export const ACTIONS: ReadonlyMap<string, ActionSpec> = new Map(SPECS.map((s) => [s.type, s]));

/** The facts about one action type, or undefined for a type the registry does not model yet. */
export function actionSpec(type: string): ActionSpec | undefined {
  return ACTIONS.get(type);
}

export type { ActionSpec } from './types';
