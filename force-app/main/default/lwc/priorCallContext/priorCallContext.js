import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { NavigationMixin } from 'lightning/navigation';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getPriorCalls from '@salesforce/apex/PriorCallContextController.getPriorCalls';
import REASON_FIELD from '@salesforce/schema/VoiceCall.Call_Reason__c';
import STATUS_FIELD from '@salesforce/schema/VoiceCall.Call_Reason_Status__c';
import ROUTED_FIELD from '@salesforce/schema/VoiceCall.Routed_To_Last_Agent__c';
import VOICE_CALL_OBJECT from '@salesforce/schema/VoiceCall';
import USER_FIELD from '@salesforce/schema/VoiceCall.UserId';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "5 minutes ago", "3 hours ago", "yesterday", "2 days ago".
 * @param {string} iso an ISO date-time
 * @param {number} now epoch milliseconds
 * @returns {string} the relative time, or '' for a missing date
 */
export function relativeTime(iso, now) {
  if (!iso) {
    return '';
  }
  const elapsed = Math.max(0, now - new Date(iso).getTime());
  if (elapsed < MINUTE) {
    return 'just now';
  }
  if (elapsed < HOUR) {
    const minutes = Math.floor(elapsed / MINUTE);
    return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  }
  if (elapsed < DAY) {
    const hours = Math.floor(elapsed / HOUR);
    return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
  }
  const days = Math.floor(elapsed / DAY);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/**
 * "45s", "4m 05s", "1h 02m".
 * @param {number} seconds a duration in seconds
 * @returns {string} the short duration, or '' when unknown
 */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || seconds < 0) {
    return '';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s}s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  }
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Prior-call context on the VoiceCall record page: the caller's recent calls, who handled them,
 * the open matter if any, whether this call was routed to the last agent, and this call's reason.
 */
export default class PriorCallContext extends NavigationMixin(LightningElement) {
  /** The VoiceCall on the record page. */
  @api recordId;
  /** Days of history to show (design attribute). */
  @api historyDays = 90;
  /** Prior calls to list (design attribute). */
  @api maxRows = 10;

  context;
  contextError;
  contextLoaded = false;
  record;

  reasonDraft = '';
  statusDraft = '';
  dirty = false;
  saving = false;
  saveMessage = '';
  saveError = '';

  /** The status picklist's values as the org defines them (labels translated), from the field itself. */
  statusOptions = [];

  @wire(getObjectInfo, { objectApiName: VOICE_CALL_OBJECT })
  voiceCallInfo;

  @wire(getPicklistValues, {
    recordTypeId: '$voiceCallInfo.data.defaultRecordTypeId',
    fieldApiName: STATUS_FIELD,
  })
  wiredStatusValues({ data }) {
    if (data) {
      this.statusOptions = data.values.map(({ label, value }) => ({ label, value }));
    }
  }

  @wire(getRecord, {
    recordId: '$recordId',
    optionalFields: [REASON_FIELD, STATUS_FIELD, ROUTED_FIELD, USER_FIELD],
  })
  wiredRecord({ data }) {
    if (data) {
      this.record = data;
      if (!this.dirty) {
        this.reasonDraft = getFieldValue(data, REASON_FIELD) || '';
        this.statusDraft = getFieldValue(data, STATUS_FIELD) || '';
      }
    }
  }

  @wire(getPriorCalls, {
    voiceCallId: '$recordId',
    historyDays: '$historyDaysNumber',
    maxRows: '$maxRowsNumber',
  })
  wiredContext({ data, error }) {
    if (data) {
      this.context = data;
      this.contextError = undefined;
      this.contextLoaded = true;
    } else if (error) {
      this.context = undefined;
      this.contextError = error;
      this.contextLoaded = true;
    }
  }

  /** Lightning App Builder hands design attributes over as strings at times. */
  get historyDaysNumber() {
    const value = parseInt(this.historyDays, 10);
    return Number.isNaN(value) ? 90 : value;
  }

  get maxRowsNumber() {
    const value = parseInt(this.maxRows, 10);
    return Number.isNaN(value) ? 10 : value;
  }

  get isLoading() {
    return !this.contextLoaded;
  }

  get hasError() {
    return this.contextLoaded && !!this.contextError;
  }

  get errorMessage() {
    const error = this.contextError;
    if (!error) {
      return '';
    }
    if (error.body) {
      if (Array.isArray(error.body)) {
        return error.body.map((e) => e.message).join(', ');
      }
      if (typeof error.body.message === 'string') {
        return error.body.message;
      }
    }
    return typeof error.message === 'string' ? error.message : 'Unknown error';
  }

  get hasContext() {
    return this.contextLoaded && !!this.context;
  }

  get calls() {
    const now = Date.now();
    const calls = (this.context && this.context.calls) || [];
    return calls.map((call) => {
      const when = relativeTime(call.startTime, now);
      const agent = call.agentName || 'Not answered';
      return {
        ...call,
        url: `/lightning/r/VoiceCall/${call.id}/view`,
        when,
        whenTitle: call.startTime ? new Date(call.startTime).toLocaleString() : '',
        agent,
        linkLabel: `${call.name || 'Call'}, ${when}, ${agent}`,
        details: [call.callType, call.queueName, formatDuration(call.durationSeconds), call.disposition]
          .filter((part) => !!part)
          .join(' · '),
        hasReason: !!call.reason,
        statusClass:
          call.reasonStatus === 'Open' ? 'slds-badge slds-theme_warning' : 'slds-badge slds-theme_success',
      };
    });
  }

  get hasCalls() {
    return this.calls.length > 0;
  }

  get totalCalls() {
    return (this.context && this.context.totalCalls) || 0;
  }

  get windowDays() {
    return (this.context && this.context.historyDays) || this.historyDaysNumber;
  }

  get isReturningCaller() {
    return this.totalCalls > 0;
  }

  get callerKind() {
    return this.isReturningCaller ? 'Returning caller' : 'New caller';
  }

  /** "3 calls in 90 days · last handled by Ana Lopez, 2 days ago" */
  get summary() {
    if (!this.isReturningCaller) {
      return `No calls in the last ${this.windowDays} days`;
    }
    const count = this.totalCalls === 1 ? '1 call' : `${this.totalCalls} calls`;
    const parts = [`${count} in ${this.windowDays} days`];
    const handled = this.calls.find((call) => !!call.agentName);
    if (handled) {
      parts.push(`last handled by ${handled.agentName}, ${handled.when}`);
    }
    return parts.join(' · ');
  }

  get headerLine() {
    return `${this.callerKind} · ${this.summary}`;
  }

  get customerNumber() {
    return (this.context && this.context.customerNumber) || '';
  }

  get listLabel() {
    return this.customerNumber ? `Prior calls from ${this.customerNumber}` : 'Prior calls';
  }

  get openMatter() {
    return this.calls.find((call) => call.reasonStatus === 'Open' && !!call.reason);
  }

  get routedToLastAgent() {
    return !!(this.record && getFieldValue(this.record, ROUTED_FIELD));
  }

  /**
   * The agent on this call also handled the caller's last answered call: what a preferred-agent
   * routing step achieves (or chance), whatever the flow did. Ids compare on their 15-character form.
   */
  get sameAgentAsLastCall() {
    const thisCallUserId = this.record && getFieldValue(this.record, USER_FIELD);
    const last = this.calls.find((call) => !!call.agentUserId);
    return (
      !!thisCallUserId &&
      !!last &&
      String(thisCallUserId).slice(0, 15) === String(last.agentUserId).slice(0, 15)
    );
  }

  get canCopyOpenReason() {
    return !!this.openMatter && !this.reasonDraft;
  }

  get saveDisabled() {
    return this.saving || !this.dirty;
  }

  handleReasonChange(event) {
    this.reasonDraft = event.detail.value || '';
    this.markDirty();
  }

  handleStatusChange(event) {
    this.statusDraft = event.detail.value || '';
    this.markDirty();
  }

  handleCopyOpenReason() {
    if (this.openMatter) {
      this.reasonDraft = this.openMatter.reason;
      this.statusDraft = 'Open';
      this.markDirty();
    }
  }

  markDirty() {
    this.dirty = true;
    this.saveMessage = '';
    this.saveError = '';
  }

  async handleSave(event) {
    event.preventDefault();
    const reason = (this.reasonDraft || '').trim();
    if (this.statusDraft && !reason) {
      this.saveError = 'Enter a reason before setting its status.';
      return;
    }
    this.saving = true;
    this.saveError = '';
    try {
      await updateRecord({
        fields: {
          Id: this.recordId,
          [REASON_FIELD.fieldApiName]: reason || null,
          [STATUS_FIELD.fieldApiName]: this.statusDraft || null,
        },
      });
      this.dirty = false;
      this.saveMessage = 'Call reason saved.';
      this.dispatchEvent(
        new ShowToastEvent({ title: 'Call reason saved', message: reason, variant: 'success' }),
      );
    } catch (error) {
      const message = (error && error.body && error.body.message) || 'The call reason could not be saved.';
      this.saveError = message;
      this.dispatchEvent(new ShowToastEvent({ title: 'Call reason not saved', message, variant: 'error' }));
    } finally {
      this.saving = false;
    }
  }

  handleOpenCall(event) {
    event.preventDefault();
    const recordId = event.currentTarget.dataset.id;
    this[NavigationMixin.Navigate]({
      type: 'standard__recordPage',
      attributes: { recordId, objectApiName: 'VoiceCall', actionName: 'view' },
    });
  }
}
