/**
 * Caller numbers as Connect hands them over and as Salesforce orgs store them.
 *
 * Connect gives E.164 (`CustomerEndpoint.Address`), but a VoiceCall's phone fields are free text:
 * an org may hold "(415) 555-0109" for the same caller. We match every common rendering of the one
 * number rather than a LIKE, so the query stays selective.
 *
 * The rule for which renderings count is shared with the Apex controller
 * (`PriorCallContextController.phoneVariants`): both assert the vectors in
 * `force-app/main/default/staticresources/PhoneNumberVectors.json`, so routing and the agent's
 * history card always agree on which earlier calls are this caller's.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** A caller number that is safe to query with. */
export interface CallerNumber {
  e164: string;
  /** Every form an org may store this number in; E.164 first. */
  storedForms: string[];
  /** The number with all but the last 4 digits masked, for logs. */
  masked: string;
}

/** Longer input than any real dial string is an attack or garbage, not a number. */
const MAX_RAW_LENGTH = 32;
/** What people and systems put in phone numbers; anything else (quotes, letters...) is refused. */
const DIAL_STRING = /^\+?[0-9\s().\-/]+$/;
/** "ext. 12", "x12", "#12" after the number: the extension reaches the agent's desk, not the caller. */
const EXTENSION = /\s*(?:ext\.?|x|#)\s*\d{1,6}$/i;

/** Masks all but the last 4 digits: "+14155550101" → "*******0101". Never throws. */
export function maskPhone(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) return '';
  const digits = raw.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(Math.min(digits.length - 4, 12)) + digits.slice(-4);
}

/**
 * The spellings an org may have stored one number under, from its country calling code and
 * national significant number; E.164 first. The same list as the Apex controller's.
 */
export function storedFormsOf(countryCallingCode: string, nationalNumber: string): string[] {
  const cc = countryCallingCode;
  const n = nationalNumber;
  if (cc === '1' && n.length === 10) {
    // North American numbers: the renderings people and CRMs write.
    const [a, b, c] = [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
    return [
      `+1${n}`,
      `1${n}`,
      n,
      `(${a}) ${b}-${c}`,
      `${a}-${b}-${c}`,
      `${a}.${b}.${c}`,
      `${a} ${b} ${c}`,
      `+1 ${a} ${b} ${c}`,
      `+1 ${a}-${b}-${c}`,
      `+1 (${a}) ${b}-${c}`,
      `+1-${a}-${b}-${c}`,
      `1-${a}-${b}-${c}`,
    ];
  }
  // Elsewhere: international with + or 00, bare digits, and national with or without trunk 0.
  const forms = [`+${cc}${n}`, `${cc}${n}`, `00${cc}${n}`, `+${cc} ${n}`, n];
  if (!n.startsWith('0')) forms.push(`0${n}`);
  return forms;
}

/**
 * Parses a caller number; `undefined` for anything that is not a usable phone number (missing,
 * "anonymous", too long, injection attempts, impossible lengths). An extension is dropped; a
 * leading international prefix 00 reads as "+".
 */
export function parseCallerNumber(raw: unknown, defaultCountry: CountryCode): CallerNumber | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (trimmed.length > MAX_RAW_LENGTH) return undefined;
  const number = trimmed.replace(EXTENSION, '');
  if (!DIAL_STRING.test(number)) return undefined;
  const parsed = parsePhoneNumberFromString(number.replace(/^00/, '+'), defaultCountry);
  if (!parsed?.isValid()) return undefined;

  const e164 = parsed.number;
  return {
    e164,
    storedForms: storedFormsOf(parsed.countryCallingCode, parsed.nationalNumber),
    masked: maskPhone(e164),
  };
}
