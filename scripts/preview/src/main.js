// Preview entry: mounts the real c-prior-call-context on a VoiceCall page of the sample org.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import PriorCallContext from 'c/priorCallContext';

async function start() {
  const params = new URLSearchParams(window.location.search);
  const caller = params.get('caller') || '+14155550101';
  const response = await fetch(`/api/current-call?caller=${encodeURIComponent(caller)}`);
  const current = await response.json();

  document.querySelector('[data-id="caller-select"]').value = caller;
  document.querySelector('[data-id="call-number"]').textContent = current.fromPhoneNumber;
  document.querySelector('[data-id="call-name"]').textContent = current.name;
  document.querySelector('[data-id="call-queue"]').textContent = current.queueName || '—';

  const element = createElement('c-prior-call-context', { is: PriorCallContext });
  element.recordId = current.recordId;
  if (params.get('days')) element.historyDays = Number(params.get('days'));
  if (params.get('rows')) element.maxRows = Number(params.get('rows'));
  document.querySelector('[data-id="component-slot"]').appendChild(element);

  const toast = document.querySelector('[data-id="toast"]');
  element.addEventListener('lightning__showtoast', (event) => {
    toast.textContent = `${event.detail.title}${event.detail.message ? ': ' + event.detail.message : ''}`;
    toast.className = `preview-toast slds-notify slds-notify_toast slds-theme_${event.detail.variant}`;
    toast.hidden = false;
    setTimeout(() => (toast.hidden = true), 4000);
  });
  window.addEventListener('preview-navigate', (event) => {
    toast.textContent = `Would open VoiceCall ${event.detail.attributes.recordId}`;
    toast.className = 'preview-toast slds-notify slds-notify_toast slds-theme_info';
    toast.hidden = false;
  });
}

document.querySelector('[data-id="caller-select"]').addEventListener('change', (event) => {
  window.location.search = `?caller=${encodeURIComponent(event.target.value)}`;
});

start().catch((error) => {
  document.querySelector('[data-id="component-slot"]').textContent = `Preview failed: ${error.message}`;
});
