/**
 * The package's permission sets grant what docs/salesforce.md promises, no more:
 * - Prior_Call_Context_User: VoiceCall Read only (editing VoiceCall records comes from the Service
 *   Cloud Voice permission sets, so assigning it does not depend on the user's SCV licence), edit on
 *   the two reason fields, read on the routing flag, access to the controller.
 * - Last_Agent_Routing_Integration: API Enabled, VoiceCall Read + View All (the Lambda must see every
 *   agent's calls regardless of sharing), every field read-only.
 * Descriptions stay within the 255 characters Salesforce accepts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const DIR = resolve(__dirname, '..', '..', 'force-app', 'main', 'default', 'permissionsets');

function load(name: string): string {
  return readFileSync(resolve(DIR, `${name}.permissionset-meta.xml`), 'utf8');
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
}

function blocks(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>[\\s\\S]*?</${name}>`, 'g'))].map((m) => m[0]);
}

function objectPermissions(xml: string, object: string): Record<string, string | undefined> {
  const block = blocks(xml, 'objectPermissions').find((b) => tag(b, 'object') === object);
  if (!block) throw new Error(`no objectPermissions for ${object}`);
  const keys = ['allowCreate', 'allowDelete', 'allowEdit', 'allowRead', 'modifyAllRecords', 'viewAllRecords'];
  return Object.fromEntries(keys.map((k) => [k, tag(block, k)]));
}

function fieldPermissions(xml: string): Record<string, { readable?: string; editable?: string }> {
  return Object.fromEntries(
    blocks(xml, 'fieldPermissions').map((b) => [
      tag(b, 'field'),
      { readable: tag(b, 'readable'), editable: tag(b, 'editable') },
    ]),
  );
}

describe('permission sets', () => {
  it.each(['Prior_Call_Context_User', 'Last_Agent_Routing_Integration'])(
    '%s has a description of at most 255 characters',
    (name) => {
      const description = tag(load(name), 'description') ?? '';
      expect(description.length).toBeGreaterThan(0);
      expect(description.length).toBeLessThanOrEqual(255);
    },
  );

  it('Prior_Call_Context_User: VoiceCall read without object edit, edit on the two reason fields', () => {
    const xml = load('Prior_Call_Context_User');
    expect(objectPermissions(xml, 'VoiceCall')).toEqual({
      allowCreate: 'false',
      allowDelete: 'false',
      allowEdit: 'false',
      allowRead: 'true',
      modifyAllRecords: 'false',
      viewAllRecords: 'false',
    });
    expect(fieldPermissions(xml)).toEqual({
      'VoiceCall.Call_Reason__c': { readable: 'true', editable: 'true' },
      'VoiceCall.Call_Reason_Status__c': { readable: 'true', editable: 'true' },
      'VoiceCall.Routed_To_Last_Agent__c': { readable: 'true', editable: 'false' },
    });
    expect(tag(xml, 'apexClass')).toBe('PriorCallContextController');
  });

  it('Last_Agent_Routing_Integration: API Enabled, VoiceCall Read + View All, fields read-only', () => {
    const xml = load('Last_Agent_Routing_Integration');
    expect(objectPermissions(xml, 'VoiceCall')).toEqual({
      allowCreate: 'false',
      allowDelete: 'false',
      allowEdit: 'false',
      allowRead: 'true',
      modifyAllRecords: 'false',
      viewAllRecords: 'true',
    });
    const fields = fieldPermissions(xml);
    expect(Object.keys(fields).sort()).toEqual([
      'VoiceCall.Call_Reason_Status__c',
      'VoiceCall.Call_Reason__c',
      'VoiceCall.Routed_To_Last_Agent__c',
    ]);
    for (const f of Object.values(fields)) expect(f).toEqual({ readable: 'true', editable: 'false' });
    expect(blocks(xml, 'userPermissions').map((b) => [tag(b, 'name'), tag(b, 'enabled')])).toEqual([
      ['ApiEnabled', 'true'],
    ]);
  });
});
