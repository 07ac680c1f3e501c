/**
 * Salesforce record ids as the platform makes them: a 15-character case-sensitive id plus a
 * 3-character suffix that encodes the case of the first 15, so the 18-character form is
 * case-insensitively unique.
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Converts a 15-character id to its 18-character form (an 18-character id is returned as is). */
export function toId18(id: string): string {
  if (id.length === 18) return id;
  if (!/^[a-zA-Z0-9]{15}$/.test(id)) throw new Error(`not a Salesforce id: ${id}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return id + suffix;
}
