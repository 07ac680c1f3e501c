// Preview stub of lightning/uiRecordApi: getRecord, getFieldValue and updateRecord backed by the
// preview server's in-memory org (Lightning Data Service behaviour reduced to what the page needs).
const live = new Set();

function fieldNames(config) {
  return [...(config.fields || []), ...(config.optionalFields || [])].map((f) =>
    typeof f === 'string' ? f.split('.').slice(1).join('.') : f.fieldApiName,
  );
}

export class getRecord {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
  }

  connect() {
    live.add(this);
  }

  disconnect() {
    live.delete(this);
  }

  update(config) {
    this.config = config;
    this.refresh();
  }

  refresh() {
    if (!this.config || !this.config.recordId) return;
    const names = fieldNames(this.config).join(',');
    fetch(`/api/record/${encodeURIComponent(this.config.recordId)}?fields=${names}`)
      .then(async (r) => {
        const body = await r.json();
        if (!r.ok) throw { body };
        return body;
      })
      .then(
        (data) => this.dataCallback({ data, error: undefined }),
        (error) => this.dataCallback({ data: undefined, error }),
      );
  }
}

export function getFieldValue(record, field) {
  const name = typeof field === 'string' ? field.split('.').slice(1).join('.') : field.fieldApiName;
  const value = record && record.fields && record.fields[name];
  return value === undefined ? undefined : value.value;
}

export async function updateRecord(recordInput) {
  const { Id, ...fields } = recordInput.fields;
  const response = await fetch(`/api/record/${encodeURIComponent(Id)}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });
  const body = await response.json();
  if (!response.ok) throw { body };
  for (const adapter of live) adapter.refresh();
  return body;
}
