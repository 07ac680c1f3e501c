// Preview stub of lightning/navigation: Navigate shows where the console would go.
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) =>
  class extends Base {
    [Navigate](pageReference) {
      window.dispatchEvent(new CustomEvent('preview-navigate', { detail: pageReference }));
    }

    [GenerateUrl](pageReference) {
      return Promise.resolve(`/lightning/r/${pageReference.attributes.recordId}/view`);
    }
  };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export class CurrentPageReference {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
  }
  connect() {}
  disconnect() {}
  update() {
    this.dataCallback({ type: 'standard__recordPage', attributes: {} });
  }
}
