import { createElement } from 'lwc';
import PriorCallContext, { relativeTime, formatDuration } from 'c/priorCallContext';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { getNavigateCalledWith, resetNavigate } from 'lightning/navigation';
import getPriorCalls from '@salesforce/apex/PriorCallContextController.getPriorCalls';

const mockPriorCalls = require('./data/getPriorCalls.json');
const mockPriorCallsEmpty = require('./data/getPriorCallsEmpty.json');
const mockPriorCallsError = require('./data/getPriorCallsError.json');
const mockRecord = require('./data/getRecord.json');
const mockRecordNotRouted = require('./data/getRecordNotRouted.json');
const mockUpdateError = require('./data/updateRecordError.json');
const mockObjectInfo = require('./data/getObjectInfo.json');
const mockPicklistValues = require('./data/getPicklistValues.json');
const mockRecordSameAgent = require('./data/getRecordSameAgent.json');
const mockRecordOtherAgent = require('./data/getRecordOtherAgent.json');
const mockRecordRoutedSameAgent = require('./data/getRecordRoutedSameAgent.json');

jest.mock(
  '@salesforce/apex/PriorCallContextController.getPriorCalls',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);

// The fixtures' calls were 2, 12 and 25 days before this instant.
const NOW = Date.parse('2026-01-10T12:00:00.000Z');

const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

function mount(props = {}) {
  const element = createElement('c-prior-call-context', { is: PriorCallContext });
  element.recordId = '0LQSB0000000004AAA';
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

const q = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
const text = (node) => (node ? node.textContent.replace(/\s+/g, ' ').trim() : null);

describe('c-prior-call-context', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    resetNavigate();
  });

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.restoreAllMocks();
    updateRecord.mockReset();
    updateRecord.mockResolvedValue({});
  });

  it('shows a spinner until the history arrives', () => {
    const element = mount();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(q(element, 'header')).toBeNull();
  });

  it('passes the record id and the design attributes to Apex', async () => {
    mount({ historyDays: '30', maxRows: 5 });
    await flushPromises();
    expect(getPriorCalls.getLastConfig()).toEqual({
      voiceCallId: '0LQSB0000000004AAA',
      historyDays: 30,
      maxRows: 5,
    });
  });

  describe('returning caller (data)', () => {
    it('renders the header, badge, open matter and prior calls', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecord);
      await flushPromises();

      expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
      expect(text(q(element, 'header'))).toBe(
        'Returning caller · 3 calls in 90 days · last handled by Ana Lopez, 2 days ago',
      );
      expect(q(element, 'routed-badge').label).toBe('Routed to last agent');
      expect(text(q(element, 'open-reason'))).toContain('Replacement router not delivered');
      expect(text(q(element, 'open-reason'))).toContain('2 days ago with Ana Lopez');

      const list = q(element, 'calls');
      expect(list.tagName).toBe('UL');
      expect(list.getAttribute('aria-label')).toBe('Prior calls from +14155550101');
      const items = list.querySelectorAll('li');
      expect(items).toHaveLength(3);
      expect(text(items[0])).toContain('2 days ago · Ana Lopez');
      expect(text(items[0])).toContain('Inbound · Support · 4m 51s · completed');
      expect(text(items[0])).toContain('Open');
      expect(text(items[1])).toContain('12 days ago · Ben Okafor');
      expect(text(items[2])).toContain('Card declined at checkout');
      expect(text(items[2])).toContain('Resolved');
      expect(q(element, 'empty')).toBeNull();
    });

    it('hides the badge when the call was not routed to the last agent', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecordNotRouted);
      await flushPromises();

      expect(q(element, 'routed-badge')).toBeNull();
      expect(q(element, 'reason-input').value).toBe('Upgrade plan');
      expect(q(element, 'status-input').value).toBe('Open');
    });

    it('says "Same agent as last call" when the agent on this call handled the last one', async () => {
      // A preferred-agent routing step reached Ana: not "routed to last agent", but the same agent.
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecordSameAgent);
      await flushPromises();

      expect(q(element, 'same-agent-badge').label).toBe('Same agent as last call');
      expect(q(element, 'routed-badge')).toBeNull();
    });

    it('shows no "Same agent" badge when another agent took the call, or nobody yet', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecordOtherAgent);
      await flushPromises();
      expect(q(element, 'same-agent-badge')).toBeNull();

      getRecord.emit(mockRecord);
      await flushPromises();
      expect(q(element, 'same-agent-badge')).toBeNull();
      expect(q(element, 'routed-badge').label).toBe('Routed to last agent');
    });

    it('shows both badges for an agent-queue call the last agent took (15- and 18-character ids)', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecordRoutedSameAgent);
      await flushPromises();

      expect(q(element, 'routed-badge').label).toBe('Routed to last agent');
      expect(q(element, 'same-agent-badge').label).toBe('Same agent as last call');
    });

    it('shows no "Same agent" badge for a new caller', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCallsEmpty);
      getRecord.emit(mockRecordSameAgent);
      await flushPromises();
      expect(q(element, 'same-agent-badge')).toBeNull();
    });

    it('is accessible with both badges', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecordRoutedSameAgent);
      await flushPromises();
      await expect(element).toBeAccessible();
    });

    it('opens a prior VoiceCall record when its link is clicked', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      await flushPromises();

      const link = element.shadowRoot.querySelector('a.call-link');
      expect(link.getAttribute('href')).toBe('/lightning/r/VoiceCall/0LQSB0000000003AAA/view');
      link.click();

      const { pageReference } = getNavigateCalledWith();
      expect(pageReference.type).toBe('standard__recordPage');
      expect(pageReference.attributes.recordId).toBe('0LQSB0000000003AAA');
      expect(pageReference.attributes.actionName).toBe('view');
    });

    it('is accessible', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecord);
      await flushPromises();
      await expect(element).toBeAccessible();
    });
  });

  describe('new caller (empty)', () => {
    it('shows the empty state and no list', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCallsEmpty);
      await flushPromises();

      expect(text(q(element, 'header'))).toBe('New caller · No calls in the last 90 days');
      expect(text(q(element, 'empty'))).toContain('First call from this number');
      expect(q(element, 'calls')).toBeNull();
      expect(q(element, 'open-reason')).toBeNull();
    });

    it('is accessible', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCallsEmpty);
      await flushPromises();
      await expect(element).toBeAccessible();
    });
  });

  describe('error', () => {
    it('shows the Apex error message in an alert', async () => {
      const element = mount();
      getPriorCalls.error(
        mockPriorCallsError.body,
        mockPriorCallsError.status,
        mockPriorCallsError.statusText,
      );
      await flushPromises();

      const alert = q(element, 'error');
      expect(alert.getAttribute('role')).toBe('alert');
      expect(text(alert)).toContain('You do not have access to voice calls');
      expect(q(element, 'header')).toBeNull();
    });

    it('is accessible', async () => {
      const element = mount();
      getPriorCalls.error(mockPriorCallsError.body);
      await flushPromises();
      await expect(element).toBeAccessible();
    });
  });

  describe('status options (picklist)', () => {
    it("offers the status field's picklist values as the org defines them", async () => {
      // Prepare
      const element = mount();
      getRecord.emit(mockRecord);

      // Act
      getObjectInfo.emit(mockObjectInfo);
      await flushPromises();
      getPicklistValues.emit(mockPicklistValues);
      await flushPromises();

      // Assess
      expect(getPicklistValues.getLastConfig()).toEqual({
        recordTypeId: '012000000000000AAA',
        fieldApiName: { objectApiName: 'VoiceCall', fieldApiName: 'Call_Reason_Status__c' },
      });
      expect(q(element, 'status-input').options).toEqual([
        { label: 'Open', value: 'Open' },
        { label: 'Resolved', value: 'Resolved' },
        { label: 'Escalated', value: 'Escalated' },
      ]);
    });

    it('offers no options, and keeps working, when the picklist cannot be read', async () => {
      // Prepare
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecord);

      // Act
      getObjectInfo.emit(mockObjectInfo);
      await flushPromises();
      getPicklistValues.error();
      await flushPromises();

      // Assess
      expect(q(element, 'status-input').options).toEqual([]);
      expect(q(element, 'reason-input')).not.toBeNull();
    });
  });

  describe('reason saved', () => {
    it('saves this call reason and status through Lightning Data Service', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecord);
      await flushPromises();

      expect(q(element, 'save').disabled).toBe(true);
      q(element, 'reason-input').dispatchEvent(
        new CustomEvent('change', { detail: { value: 'Router arrived damaged' } }),
      );
      q(element, 'status-input').dispatchEvent(new CustomEvent('change', { detail: { value: 'Resolved' } }));
      await flushPromises();
      expect(q(element, 'save').disabled).toBe(false);

      const toast = jest.fn();
      element.addEventListener('lightning__showtoast', toast);
      q(element, 'save').click();
      await flushPromises();

      expect(updateRecord).toHaveBeenCalledWith({
        fields: {
          Id: '0LQSB0000000004AAA',
          Call_Reason__c: 'Router arrived damaged',
          Call_Reason_Status__c: 'Resolved',
        },
      });
      expect(text(q(element, 'save-status'))).toBe('Call reason saved.');
      expect(toast).toHaveBeenCalledTimes(1);
      expect(toast.mock.calls[0][0].detail.variant).toBe('success');
      expect(q(element, 'save').disabled).toBe(true);
    });

    it('copies the open matter into this call', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecord);
      await flushPromises();

      q(element, 'copy-open-reason').click();
      await flushPromises();

      expect(q(element, 'reason-input').value).toBe('Replacement router not delivered');
      expect(q(element, 'status-input').value).toBe('Open');
    });

    it('refuses a status without a reason', async () => {
      const element = mount();
      getPriorCalls.emit(mockPriorCallsEmpty);
      getRecord.emit(mockRecord);
      await flushPromises();

      q(element, 'status-input').dispatchEvent(new CustomEvent('change', { detail: { value: 'Open' } }));
      await flushPromises();
      q(element, 'save').click();
      await flushPromises();

      expect(updateRecord).not.toHaveBeenCalled();
      expect(text(q(element, 'save-error'))).toBe('Enter a reason before setting its status.');
    });

    it('reports a failed save', async () => {
      updateRecord.mockRejectedValue(mockUpdateError);
      const element = mount();
      getPriorCalls.emit(mockPriorCalls);
      getRecord.emit(mockRecord);
      await flushPromises();

      q(element, 'reason-input').dispatchEvent(new CustomEvent('change', { detail: { value: 'Anything' } }));
      q(element, 'status-input').dispatchEvent(new CustomEvent('change', { detail: { value: 'Maybe' } }));
      await flushPromises();
      q(element, 'save').click();
      await flushPromises();

      expect(text(q(element, 'save-error'))).toContain('bad value for restricted picklist');
      expect(text(q(element, 'save-status'))).toBe('');
    });
  });

  describe('formatting helpers', () => {
    it('formats relative times and durations', () => {
      expect(relativeTime('2026-01-10T11:59:30.000Z', NOW)).toBe('just now');
      expect(relativeTime('2026-01-10T11:00:00.000Z', NOW)).toBe('1 hour ago');
      expect(relativeTime('2026-01-09T12:00:00.000Z', NOW)).toBe('yesterday');
      expect(relativeTime(null, NOW)).toBe('');
      expect(formatDuration(45)).toBe('45s');
      expect(formatDuration(291)).toBe('4m 51s');
      expect(formatDuration(3720)).toBe('1h 02m');
      expect(formatDuration(null)).toBe('');
    });
  });
});
