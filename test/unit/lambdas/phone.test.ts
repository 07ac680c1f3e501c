import fc from 'fast-check';
import vectorsFile from '../../../force-app/main/default/staticresources/PhoneNumberVectors.json';
import { maskPhone, parseCallerNumber, storedFormsOf } from '../../../lambdas/src/shared/phone';

/** The vectors PriorCallContextControllerTest asserts too: Lambda and Apex match the same calls. */
const { defaultCountry, vectors } = vectorsFile as {
  defaultCountry: 'US';
  vectors: { note: string; input: string; e164: string | null; storedForms: string[] }[];
};

describe('the phone vectors shared with the Apex controller', () => {
  it('cover several countries, national and punctuated input, extensions and refusals', () => {
    const countries = new Set(vectors.map((v) => v.e164?.slice(0, 3)).filter(Boolean));
    expect(countries.size).toBeGreaterThanOrEqual(8);
    expect(vectors.some((v) => /ext|x\d/.test(v.input) && v.e164)).toBe(true);
    expect(vectors.filter((v) => v.e164 === null).length).toBeGreaterThanOrEqual(5);
  });

  it.each(vectors.map((v) => [v.note, v] as const))('%s', (_note, v) => {
    // Act
    const parsed = parseCallerNumber(v.input, defaultCountry);

    // Assess
    expect(parsed?.e164 ?? null).toBe(v.e164);
    expect(parsed?.storedForms ?? []).toEqual(v.storedForms);
  });
});

describe('parseCallerNumber', () => {
  it('gives the E.164 form first and the national renderings an org may store', () => {
    // Prepare
    const raw = '+14155550109';

    // Act
    const parsed = parseCallerNumber(raw, 'US');

    // Assess
    expect(parsed?.e164).toBe('+14155550109');
    expect(parsed?.storedForms[0]).toBe('+14155550109');
    expect(parsed?.storedForms).toEqual(
      expect.arrayContaining([
        '4155550109',
        '14155550109',
        '(415) 555-0109',
        '415-555-0109',
        '+1 415 555 0109',
      ]),
    );
    expect(new Set(parsed?.storedForms).size).toBe(parsed?.storedForms.length);
  });

  it('reads national input with the default country', () => {
    // Act
    const parsed = parseCallerNumber('(415) 555-0101', 'US');

    // Assess
    expect(parsed?.e164).toBe('+14155550101');
  });

  it('keeps numbers of other countries in their own national forms', () => {
    // Act
    const parsed = parseCallerNumber('+442079460123', 'US');

    // Assess
    expect(parsed?.e164).toBe('+442079460123');
    expect(parsed?.storedForms).toContain('02079460123');
    expect(parsed?.storedForms).not.toContain('207-946-0123');
  });

  it.each([
    ['missing', undefined],
    ['not a string', 14155550101],
    ['empty', ''],
    ['anonymous', 'anonymous'],
    ['withheld', 'Restricted'],
    ['SOQL injection', "+1415' OR Id != null OR FromPhoneNumber='"],
    ['absurd length', '+1'.padEnd(400, '5')],
    ['too short', '+1415'],
    ['letters', '+1-800-FLOWERS'],
    ['sip uri', 'sip:alice@example.com'],
  ])('refuses %s', (_label, raw) => {
    // Act
    const parsed = parseCallerNumber(raw, 'US');

    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('phone parsing over arbitrary strings', () => {
  it('never throws, and every form of an accepted number spells its digits', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\+?[0-9 ().-]{0,20}$/)), (raw) => {
        const parsed = parseCallerNumber(raw, 'US');
        if (!parsed) return;
        expect(parsed.e164).toMatch(/^\+[1-9]\d{6,14}$/);
        expect(parsed.storedForms[0]).toBe(parsed.e164);
        const e164Digits = parsed.e164.slice(1);
        for (const form of parsed.storedForms) {
          expect(form).toMatch(/^[0-9+()\-. ]+$/);
          const digits = form.replace(/\D/g, '').replace(/^0+/, '');
          expect(digits.length).toBeGreaterThanOrEqual(7);
          expect(e164Digits.endsWith(digits)).toBe(true);
        }
      }),
    );
  });

  it('gives every accepted number distinct forms, none with a quote or backslash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2_012_000_000, max: 9_899_999_999 }), (n) => {
        const parsed = parseCallerNumber(`+1${n}`, 'US');
        if (!parsed) return;
        expect(new Set(parsed.storedForms).size).toBe(parsed.storedForms.length);
        expect(parsed.storedForms.join('')).not.toMatch(/['\\]/);
      }),
    );
  });

  it('accepts the same number spelled with or without an extension', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ext. ', 'ext', 'x', '#', ' x '),
        fc.integer({ min: 0, max: 999_999 }),
        (sep, ext) => {
          expect(parseCallerNumber(`415-555-0109${sep}${ext}`, 'US')?.e164).toBe('+14155550109');
        },
      ),
    );
  });
});

describe('storedFormsOf', () => {
  it('adds the trunk 0 only where the national number lacks one', () => {
    expect(storedFormsOf('44', '2079460123')).toContain('02079460123');
    expect(storedFormsOf('39', '0669821234').filter((f) => f.startsWith('00669'))).toEqual([]);
  });

  it('uses the North American renderings only for +1 ten-digit numbers', () => {
    expect(storedFormsOf('1', '4155550109')).toContain('(415) 555-0109');
    expect(storedFormsOf('1', '41555501')).toEqual([
      '+141555501',
      '141555501',
      '00141555501',
      '+1 41555501',
      '41555501',
      '041555501',
    ]);
  });
});

describe('maskPhone', () => {
  it('keeps only the last four digits', () => {
    expect(maskPhone('+14155550101')).toBe('*******0101');
    expect(maskPhone('(415) 555-0109')).toBe('******0109');
  });

  it('never reveals short or odd input', () => {
    expect(maskPhone('123')).toBe('***');
    expect(maskPhone(undefined)).toBe('');
    expect(maskPhone('+1'.padEnd(60, '9'))).toBe(`${'*'.repeat(12)}9999`);
  });
});

describe('phone parsing edges', () => {
  it('reads a number padded with spaces up to 32 characters and refuses anything longer', () => {
    // Prepare: the same number, padded inside so trimming cannot save it
    const spaced = (n: number) => `+1${' '.repeat(n)}4155550109`;

    // Act / Assess
    expect(parseCallerNumber(`  ${'+14155550109'}  `, 'US')?.e164).toBe('+14155550109');
    expect(parseCallerNumber(spaced(20), 'US')?.e164).toBe('+14155550109');
    expect(spaced(20)).toHaveLength(32);
    expect(parseCallerNumber(spaced(21), 'US')).toBeUndefined();
  });

  it('refuses a valid number followed by text that is not an extension', () => {
    expect(parseCallerNumber('+14155550109;', 'US')).toBeUndefined();
    expect(parseCallerNumber('+1415555010a9', 'US')).toBeUndefined();
  });

  it('masks exactly four digits as all stars and five as one star', () => {
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('12345')).toBe('*2345');
    expect(maskPhone('')).toBe('');
  });
});
