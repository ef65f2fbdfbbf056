// Validators for list and set values as a whole: how many elements, no duplicates, and a bound on numbers.
import { formatPath } from '../../protocol/attribute-path.ts';
import { BigNumber, type TfValue } from '../../protocol/value.ts';
import { valuesEqual } from '../../protocol/value-equality.ts';
import { invalidValue, type AttributeValidator } from './validator.ts';

const shown = (value: TfValue) => (value instanceof BigNumber ? value.text : JSON.stringify(value));

/** A list or set of `min`..`max` elements. */
export function sizeBetween(min: number, max: number): AttributeValidator {
  return {
    description: `list must have between ${min} and ${max} elements`,
    validate: (value, { path }) => !Array.isArray(value) || (value.length >= min && value.length <= max)
      ? [] : [invalidValue(path, `Attribute ${formatPath(path)} must have between ${min} and ${max} elements, got: ${value.length}`)],
  };
}

/** A list without repeated elements; the diagnostic points at the first repetition. */
export function distinctElements(): AttributeValidator {
  return {
    description: 'elements must be unique',
    validate(value, { path }) {
      if (!Array.isArray(value)) return [];
      const index = value.findIndex((v, i) => value.slice(0, i).some((w) => valuesEqual(v, w)));
      return index < 0 ? [] : [invalidValue([...path, { index }], `Attribute ${formatPath(path)} must not repeat an element, got ${shown(value[index])} twice`)];
    },
  };
}

/** A number strictly greater than `min` (fractions allowed), e.g. a duration that must be positive. */
export function greaterThan(min: number): AttributeValidator {
  return {
    description: `value must be a number greater than ${min}`,
    validate(value, { path }) {
      const n = Number(value instanceof BigNumber ? value.text : value);
      return typeof value !== 'boolean' && n > min
        ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be a number greater than ${min}, got: ${shown(value)}`)];
    },
  };
}
