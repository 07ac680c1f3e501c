/**
 * The package's own custom fields, read from `force-app/main/default/objects/<Object>/fields/`
 * so the org emulator's schema (types, lengths, picklist values) is generated from the metadata an
 * admin deploys rather than restated beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FieldDef, FieldType } from './schema';

const OBJECTS_DIR = resolve(__dirname, '..', '..', '..', 'force-app', 'main', 'default', 'objects');

/** Metadata API field types → the type describe reports. */
const DESCRIBE_TYPES: Record<string, FieldType> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Picklist: 'picklist',
  Checkbox: 'boolean',
  Phone: 'phone',
  DateTime: 'datetime',
  Number: 'int',
};

/** The text of the first `<tag>` directly in `xml` (the metadata files are flat enough for this). */
const tagText = (xml: string, tag: string): string | undefined =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

/**
 * Reads one CustomField metadata file as the emulator's field definition.
 * @param xml the `.field-meta.xml` text
 * @throws Error when the type is one the emulator does not model (add it to DESCRIBE_TYPES)
 */
export function fieldFromMetadata(xml: string): FieldDef {
  const name = tagText(xml, 'fullName');
  const metadataType = tagText(xml, 'type');
  const type = metadataType ? DESCRIBE_TYPES[metadataType] : undefined;
  if (!name || !type)
    throw new Error(`custom field ${name ?? '?'}: type ${metadataType ?? '?'} is not modelled`);
  const length = tagText(xml, 'length');
  const valueSet = /<valueSetDefinition>([\s\S]*)<\/valueSetDefinition>/.exec(xml)?.[1] ?? '';
  const picklistValues = [...valueSet.matchAll(/<value>\s*<fullName>([^<]+)<\/fullName>/g)].map(
    (m) => m[1] as string,
  );
  return {
    name,
    type,
    ...(length ? { length: Number(length) } : {}),
    ...(type === 'picklist' ? { picklistValues } : {}),
    updateable: true,
    // A checkbox is never null; a field marked required refuses null.
    nillable: type !== 'boolean' && tagText(xml, 'required') !== 'true',
    custom: true,
  };
}

/**
 * Every custom field the package defines on an object, in file-name order.
 * @param objectName e.g. `VoiceCall`
 * @param objectsDir the `objects` folder (the package's by default)
 */
export function packageCustomFields(objectName: string, objectsDir: string = OBJECTS_DIR): FieldDef[] {
  const dir = join(objectsDir, objectName, 'fields');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.field-meta.xml'))
    .sort()
    .map((f) => fieldFromMetadata(readFileSync(join(dir, f), 'utf8')));
}
