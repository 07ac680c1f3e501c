/** /sobjects and /sobjects/<Type>/describe: the schema as Salesforce's describe calls report it. */
import type { ObjectDef, Schema } from './schema';

/** The describeGlobal body. */
export function describeGlobal(schema: Schema, version: string): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: schema.objects.map((o) => ({
      name: o.name,
      label: o.name,
      keyPrefix: o.keyPrefix,
      custom: false,
      queryable: true,
      urls: { sobject: `/services/data/v${version}/sobjects/${o.name}` },
    })),
  };
}

/** One object's describe body. */
export function describeObject(object: ObjectDef, version: string): Record<string, unknown> {
  return {
    name: object.name,
    label: object.name,
    keyPrefix: object.keyPrefix,
    custom: false,
    queryable: true,
    retrieveable: true,
    updateable: true,
    urls: { sobject: `/services/data/v${version}/sobjects/${object.name}` },
    fields: object.fields.map((f) => ({
      name: f.name,
      label: f.name,
      type: f.type,
      length: f.length ?? 0,
      custom: f.custom,
      nillable: f.nillable,
      updateable: f.updateable,
      createable: f.updateable,
      filterable: true,
      sortable: f.type !== 'textarea',
      referenceTo: f.referenceTo ?? [],
      relationshipName: f.relationshipName ?? null,
      picklistValues: (f.picklistValues ?? []).map((v) => ({
        value: v,
        label: v,
        active: true,
        defaultValue: false,
      })),
      restrictedPicklist: f.picklistValues !== undefined,
    })),
  };
}
