// Attribute validators for single values: enumerations, numeric ranges, strings by pattern and length, list elements.
import { formatPath } from '../../protocol/attribute-path.ts';
import { BigNumber, type TfValue } from '../../protocol/value.ts';
import { invalidValue, type AttributeValidator } from './validator.ts';

const shown = (value: TfValue) => (value instanceof BigNumber ? value.text : JSON.stringify(value));

/** The value must be one of `allowed` (strings or numbers). */
export function oneOf(...allowed: Array<string | number>): AttributeValidator {
  const list = allowed.map((a) => JSON.stringify(a)).join(', ');
  return {
    description: `value must be one of: ${list}`,
    validate: (value, { path }) => allowed.some((a) => a === value)
      ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be one of: ${list}, got: ${shown(value)}`)],
  };
}

/** A number within [min, max] (inclusive); `integer` also demands a whole number. */
export function between(min: number, max: number, options: { integer?: boolean } = {}): AttributeValidator {
  const what = options.integer ? 'a whole number' : 'a number';
  return {
    description: `value must be ${what} between ${min} and ${max}`,
    validate(value, { path }) {
      const n = Number(value instanceof BigNumber ? value.text : value);
      const ok = typeof value !== 'boolean' && n >= min && n <= max && (!options.integer || Number.isInteger(n));
      return ok ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be ${what} between ${min} and ${max}, got: ${shown(value)}`)];
    },
  };
}

/** Applies `inner` to each element of a list or set value (list elements get their index in the path). */
export function eachElement(inner: AttributeValidator, options: { set?: boolean } = {}): AttributeValidator {
  return {
    description: `each element: ${inner.description}`,
    validate: (value, context) => !Array.isArray(value) ? [] : value.flatMap((element, index) => element === null || typeof element === 'object' && !Array.isArray(element) && !(element instanceof BigNumber)
      ? []
      : inner.validate(element, { ...context, path: options.set ? context.path : [...context.path, { index }] })),
  };
}

/** A string of `min`..`max` characters matching `pattern`; `rule` says in words what is allowed. */
export function stringMatching(pattern: RegExp, rule: string, length: { min?: number; max?: number } = {}): AttributeValidator {
  const { min = 0, max = Infinity } = length;
  return {
    description: `value must be ${rule}`,
    validate: (value, { path }) => typeof value === 'string' && value.length >= min && value.length <= max && pattern.test(value)
      ? [] : [invalidValue(path, `Attribute ${formatPath(path)} value must be ${rule}, got: ${shown(value)}`)],
  };
}
