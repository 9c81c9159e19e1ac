// What the bundle takes from lodash-es in place of the whole library (118 KiB of the bundle).
// yeoman's environment and its read-only use of storage (the generator reads package.json for an
// app name) need these few helpers; writing storage (merge, set) is never reached, because the
// generator writes its files itself.
const absent = (name) => () => {
  throw new Error(`lodash-es ${name} is not bundled`);
};

export const pick = (object, keys) =>
  Object.fromEntries([keys].flat().filter((key) => object != null && key in object).map((key) => [key, object[key]]));

export const defaults = (target, ...sources) => {
  for (const source of sources) {
    for (const [key, value] of Object.entries(source ?? {})) if (target[key] === undefined) target[key] = value;
  }
  return target;
};

export const escapeRegExp = (text) => String(text).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
export const findLast = (array, predicate) => array.findLast(predicate);
export const uniq = (array) => [...new Set(array)];
export const compact = (array) => array.filter(Boolean);
export const cloneDeep = (value) => structuredClone(value);
export const get = (object, path) => (Array.isArray(path) ? path : String(path).split('.')).reduce((value, key) => (value == null ? undefined : value[key]), object);
export const merge = absent('merge');
export const set = absent('set');
export const groupBy = absent('groupBy');
export const template = absent('template');
