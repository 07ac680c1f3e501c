// Preview stub of lightning/uiObjectInfoApi: getObjectInfo and getPicklistValues backed by the
// preview server, which reads the picklist from the org emulator's schema (generated from the
// package's field metadata).
class WireAdapter {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
  }

  connect() {}

  disconnect() {}

  update(config) {
    this.load(config).then(
      (data) => this.dataCallback({ data, error: undefined }),
      (error) => this.dataCallback({ data: undefined, error }),
    );
  }
}

/** The master record type every org has. */
const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

export class getObjectInfo extends WireAdapter {
  async load(config) {
    return { apiName: config.objectApiName.objectApiName, defaultRecordTypeId: MASTER_RECORD_TYPE_ID };
  }
}

export class getPicklistValues extends WireAdapter {
  async load(config) {
    if (!config.recordTypeId) return new Promise(() => undefined);
    const { objectApiName, fieldApiName } = config.fieldApiName;
    const response = await fetch(`/api/picklist/${objectApiName}/${fieldApiName}`);
    const body = await response.json();
    if (!response.ok) throw { body };
    return body;
  }
}
