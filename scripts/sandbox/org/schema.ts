/**
 * The slice of a Salesforce org's schema the local org emulator knows: exactly the objects and fields
 * the Lambda may touch (see docs/domain-facts.md), so a typo in a query fails here the way it fails
 * against a real org instead of silently returning nothing. Standard objects are described here;
 * the package's custom fields come from its force-app metadata.
 */
import { packageCustomFields } from './package-metadata';

/** Field types as Salesforce's describe reports them (the subset this project needs). */
export type FieldType =
  'id' | 'reference' | 'string' | 'phone' | 'picklist' | 'datetime' | 'int' | 'boolean' | 'textarea';

/** One field of an sObject. */
export interface FieldDef {
  /** API name with Salesforce's canonical casing. */
  name: string;
  type: FieldType;
  /** For `reference` fields: the objects the id may point at (the first one is used for field checks). */
  referenceTo?: string[];
  /** For `reference` fields: the relationship name used in SOQL paths, e.g. `User` for `UserId`. */
  relationshipName?: string;
  /** For text fields: the most characters a value may have. */
  length?: number;
  /** Restricted picklist values; other values are rejected on update. */
  picklistValues?: string[];
  /** False for system and auto-number fields: updates naming them are rejected. */
  updateable: boolean;
  /** False for required fields: updates setting them to null are rejected. */
  nillable: boolean;
  custom: boolean;
}

/** One sObject: its API name, 3-character key prefix and fields. */
export interface ObjectDef {
  name: string;
  keyPrefix: string;
  fields: FieldDef[];
}

/** The whole schema, looked up case-insensitively as SOQL does. */
export interface Schema {
  objects: ObjectDef[];
}

/** Custom fields this package adds to VoiceCall (from force-app); an org without the package has none. */
const VOICE_CALL_PACKAGE_FIELDS: readonly FieldDef[] = packageCustomFields('VoiceCall');

const CALL_TYPES = ['Inbound', 'Outbound', 'Transfer', 'Callback', 'Consult', 'InternalCall'];

type FieldSpec = Omit<FieldDef, 'updateable' | 'nillable' | 'custom'> &
  Partial<Pick<FieldDef, 'updateable' | 'nillable'>>;

const field = (spec: FieldSpec): FieldDef => ({
  updateable: true,
  nillable: true,
  ...spec,
  custom: spec.name.endsWith('__c'),
});

const idField = (): FieldDef => field({ name: 'Id', type: 'id', updateable: false, nillable: false });
const systemDate = (name: string): FieldDef =>
  field({ name, type: 'datetime', updateable: false, nillable: false });
const ref = (name: string, relationshipName: string, referenceTo: string[], updateable = true): FieldDef =>
  field({ name, type: 'reference', relationshipName, referenceTo, updateable });

/** VoiceCall: the standard fields SCV writes, plus the package's custom fields when installed. */
const voiceCall = (custom: readonly FieldDef[]): ObjectDef => ({
  name: 'VoiceCall',
  keyPrefix: '0LQ',
  fields: [
    idField(),
    field({ name: 'Name', type: 'string', updateable: false, nillable: false }),
    ref('OwnerId', 'Owner', ['User', 'Group']),
    ref('UserId', 'User', ['User']),
    field({ name: 'FromPhoneNumber', type: 'phone', nillable: false }),
    field({ name: 'ToPhoneNumber', type: 'phone' }),
    field({ name: 'CallType', type: 'picklist', picklistValues: CALL_TYPES, nillable: false }),
    field({ name: 'CallDisposition', type: 'string' }),
    field({ name: 'CallStartDateTime', type: 'datetime' }),
    field({ name: 'CallEndDateTime', type: 'datetime' }),
    field({ name: 'CallAcceptDateTime', type: 'datetime' }),
    field({ name: 'CallDurationInSeconds', type: 'int' }),
    field({ name: 'QueueName', type: 'string' }),
    field({ name: 'VendorCallKey', type: 'string' }),
    ref('CallCenterId', 'CallCenter', ['CallCenter']),
    ref('PreviousCallId', 'PreviousCall', ['VoiceCall']),
    ref('NextCallId', 'NextCall', ['VoiceCall']),
    // Points at Contact/Account/Case/Lead, none of which the emulator holds: no relationship path.
    field({ name: 'RelatedRecordId', type: 'reference', referenceTo: [] }),
    systemDate('CreatedDate'),
    systemDate('LastModifiedDate'),
    ...custom,
  ],
});

/** The other standard objects the Lambda reads. */
const OTHER_OBJECTS: readonly ObjectDef[] = [
  {
    name: 'User',
    keyPrefix: '005',
    fields: [
      idField(),
      field({ name: 'Username', type: 'string', nillable: false }),
      field({ name: 'FirstName', type: 'string' }),
      field({ name: 'LastName', type: 'string', nillable: false }),
      field({ name: 'Name', type: 'string', updateable: false, nillable: false }),
      field({ name: 'Alias', type: 'string', nillable: false }),
      field({ name: 'Email', type: 'string', nillable: false }),
      field({ name: 'FederationIdentifier', type: 'string' }),
      field({ name: 'IsActive', type: 'boolean', nillable: false }),
      ref('CallCenterId', 'CallCenter', ['CallCenter']),
    ],
  },
  {
    name: 'Group',
    keyPrefix: '00G',
    fields: [
      idField(),
      field({ name: 'Name', type: 'string', nillable: false }),
      field({ name: 'DeveloperName', type: 'string' }),
      field({ name: 'Type', type: 'picklist', nillable: false, updateable: false }),
    ],
  },
  {
    name: 'CallCenterRoutingMap',
    keyPrefix: '0hn',
    fields: [
      idField(),
      ref('CallCenterId', 'CallCenter', ['CallCenter']),
      ref('ReferenceRecordId', 'ReferenceRecord', ['User', 'Group']),
      field({ name: 'ExternalId', type: 'string' }),
      field({ name: 'QuickConnect', type: 'string' }),
      field({ name: 'DeveloperName', type: 'string', nillable: false }),
      field({ name: 'MasterLabel', type: 'string', nillable: false }),
    ],
  },
  {
    name: 'CallCenter',
    keyPrefix: '04v',
    fields: [
      idField(),
      field({ name: 'Name', type: 'string', nillable: false }),
      field({ name: 'InternalName', type: 'string', nillable: false }),
    ],
  },
  {
    name: 'Organization',
    keyPrefix: '00D',
    fields: [idField(), field({ name: 'Name', type: 'string', updateable: false, nillable: false })],
  },
];

/** What the integration user sees of the org. */
export interface SchemaOptions {
  /** Leave out the package's VoiceCall custom fields (an org without the package). */
  omitCustomFields?: boolean;
  /** Objects the user cannot see: INVALID_TYPE, as if they did not exist. */
  hiddenObjects?: readonly string[];
}

/** Builds the emulator's schema as the integration user sees it. */
export function buildSchema(options: SchemaOptions = {}): Schema {
  const objects = [voiceCall(options.omitCustomFields ? [] : VOICE_CALL_PACKAGE_FIELDS), ...OTHER_OBJECTS];
  // A user without access to an object gets INVALID_TYPE for it, as if it did not exist (e.g.
  // CallCenterRoutingMap without Manage Call Centers).
  const hidden = new Set((options.hiddenObjects ?? []).map((o) => o.toLowerCase()));
  return { objects: objects.filter((o) => !hidden.has(o.name.toLowerCase())) };
}

/** Finds an object by API name, case-insensitively as SOQL and the REST paths do. */
export function findObject(schema: Schema, name: string): ObjectDef | undefined {
  const lower = name.toLowerCase();
  return schema.objects.find((o) => o.name.toLowerCase() === lower);
}

/** Finds a field by API name, case-insensitively. */
export function findField(object: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((f) => f.name.toLowerCase() === lower);
}

/** Finds the reference field whose relationship name is `name` (e.g. `User` → `UserId`). */
export function findRelationship(object: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
}
