/**
 * Caller numbers as Connect hands them over and as Salesforce orgs store them.
 *
 * Connect gives E.164 (`CustomerEndpoint.Address`), but a VoiceCall's phone fields are free text:
 * an org may hold "(415) 555-0109" for the same caller. We match every common rendering of the one
 * number rather than a LIKE, so the query stays selective.
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

/** Masks all but the last 4 digits: "+14155550101" → "*******0101". Never throws. */
export function maskPhone(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) return '';
  const digits = raw.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(Math.min(digits.length - 4, 12)) + digits.slice(-4);
}

/**
 * Parses a caller number; `undefined` for anything that is not a usable phone number (missing,
 * "anonymous", too long, injection attempts, impossible lengths).
 */
export function parseCallerNumber(raw: unknown, defaultCountry: CountryCode): CallerNumber | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_RAW_LENGTH || !DIAL_STRING.test(trimmed)) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed || !parsed.isPossible() || !parsed.isValid()) return undefined;

  const e164 = parsed.number;
  const national = parsed.nationalNumber;
  const cc = parsed.countryCallingCode;
  const formattedNational = parsed.format('NATIONAL');
  const forms = [e164, national, `${cc}${national}`, formattedNational, parsed.format('INTERNATIONAL')];
  // NANP numbers are also commonly written 415-555-0109 and 415.555.0109.
  if (cc === '1' && national.length === 10) {
    const [a, b, c] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
    forms.push(`${a}-${b}-${c}`, `${a}.${b}.${c}`, `${a} ${b} ${c}`, `+1 ${a}-${b}-${c}`, `1-${a}-${b}-${c}`);
  }
  return { e164, storedForms: [...new Set(forms)], masked: maskPhone(e164) };
}
