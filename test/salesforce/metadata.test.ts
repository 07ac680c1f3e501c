import {
  convertSource,
  EXPECTED_COMPONENTS,
  missingComponents,
  type ConvertResult,
} from '../../scripts/salesforce/convert-check';

describe('force-app converts to a deployable package', () => {
  let result: ConvertResult;

  beforeAll(async () => {
    result = await convertSource();
  }, 60_000);

  it('holds every component of the package and nothing else', () => {
    expect(missingComponents(result)).toEqual([]);
    expect(result.components).toEqual([...EXPECTED_COMPONENTS].sort());
  });

  it('writes a package.xml with the API version of sfdx-project.json', () => {
    expect(result.packageXml).toContain('<version>64.0</version>');
    expect(result.packageXml).toContain('<members>VoiceCall.Call_Reason_Status__c</members>');
    expect(result.packageXml).toContain('<members>PriorCallContextControllerTest</members>');
  });

  it('deploys the LWC bundle without its Jest tests', () => {
    expect(result.files).toEqual(expect.arrayContaining(['lwc/priorCallContext/priorCallContext.js']));
    expect(result.files.filter((f) => f.includes('__tests__'))).toEqual([]);
  });

  it('reports a missing component (the check can fail)', () => {
    const partial: ConvertResult = {
      ...result,
      components: result.components.filter((c) => !c.startsWith('PermissionSet:')),
    };
    expect(missingComponents(partial)).toEqual([
      'PermissionSet:Prior_Call_Context_User',
      'PermissionSet:Last_Agent_Routing_Integration',
    ]);
  });
});
