// Preview stub of @salesforce/apex/PriorCallContextController.getPriorCalls: a wire adapter (and
// an imperative function) answered by the preview server's mirror of the Apex query.
async function call(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const response = await fetch(`/api/apex/PriorCallContextController/getPriorCalls?${query}`);
  const body = await response.json();
  if (!response.ok) {
    throw { body, status: response.status, statusText: response.statusText };
  }
  return body;
}

export default class getPriorCalls {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
    this.connected = false;
  }

  connect() {
    this.connected = true;
  }

  disconnect() {
    this.connected = false;
  }

  update(config) {
    if (!config || !config.voiceCallId) {
      return;
    }
    call(config).then(
      (data) => this.connected && this.dataCallback({ data, error: undefined }),
      (error) => this.connected && this.dataCallback({ data: undefined, error }),
    );
  }
}
