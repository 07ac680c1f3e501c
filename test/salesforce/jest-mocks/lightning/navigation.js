/**
 * Jest mock of lightning/navigation for the LWC project (mapped in jest.config.js): records the
 * page reference of the last Navigate call so tests can assert where a click leads.
 */
export const CurrentPageReference = jest.fn();

let lastPageReference;
let lastReplace;

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) =>
  class extends Base {
    [Navigate](pageReference, replace) {
      lastPageReference = pageReference;
      lastReplace = replace;
    }

    [GenerateUrl](pageReference) {
      return Promise.resolve(`/lightning/r/${pageReference.attributes.recordId}/view`);
    }
  };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/** The page reference and replace flag of the last Navigate call. */
export const getNavigateCalledWith = () => ({ pageReference: lastPageReference, replace: lastReplace });

/** Forgets the last Navigate call. */
export const resetNavigate = () => {
  lastPageReference = undefined;
  lastReplace = undefined;
};
