// Preview stub of lightning/platformShowToastEvent: the page shows the toast itself.
export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super('lightning__showtoast', { composed: true, cancelable: true, bubbles: true, detail: toast });
  }
}
