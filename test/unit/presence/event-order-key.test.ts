import fc from 'fast-check';
import { eventOrderKey } from '../../../lambdas/src/presence/presence-item';

/** The order the presence table's conditional write relies on: timestamp first, then event id. */
function byTimestampThenId(a: [number, string], b: [number, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] === b[1]) return 0;
  return a[1] < b[1] ? -1 : 1;
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

describe('eventOrderKey', () => {
  it('sorts as (timestamp, event id) for any timestamps up to year 33658 and any ids', () => {
    // Prepare
    const event = fc.tuple(fc.integer({ min: 0, max: 999_999_999_999_999 }), fc.string({ maxLength: 40 }));

    // Act + Assess
    fc.assert(
      fc.property(event, event, (a, b) => {
        expect(compare(eventOrderKey(...a), eventOrderKey(...b))).toBe(byTimestampThenId(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('orders a later millisecond after an earlier one whatever their digit counts', () => {
    // Prepare: 999 sorts after 1000 as text, not as a number
    const earlier = eventOrderKey(999, 'z');
    const later = eventOrderKey(1000, 'a');

    // Act
    const sorted = [later, earlier].sort();

    // Assess
    expect(sorted).toEqual([earlier, later]);
  });

  it('clamps a negative or fractional timestamp to whole milliseconds from zero', () => {
    // Act + Assess
    expect(eventOrderKey(-5, 'e')).toBe('000000000000000#e');
    expect(eventOrderKey(1.9, 'e')).toBe('000000000000001#e');
  });
});
