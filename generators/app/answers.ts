import { UsageError } from './errors.js';
import { shellCommand } from './shell.js';
import type { ProjectNames } from './names.js';
import { defaultDjango, FALLBACK_PYTHON, type PythonInstall } from './python.js';
import {
  type Answers,
  applies,
  conflictOf,
  DEFAULT_PRESET,
  FEATURE_KEYS,
  type FeatureAnswers,
  type FeatureKey,
  features,
  flagFor,
  flagOf,
  type Preset,
  type PythonVersion,
} from './schema.js';

/** What the user said: flags, or answers to prompts. */
export type Given = Partial<FeatureAnswers> & { preset?: Preset };

export interface Resolved {
  answers: Answers;
  /** Why each computed default was chosen, e.g. "Python 3.13: the newest CPython found here (...)". */
  reasons: string[];
}

/** The value a feature takes from the preset, or computed (Python, Django), when no flag gives it. */
function fallbackValue(
  key: FeatureKey,
  preset: Preset,
  partial: Partial<FeatureAnswers>,
  pythons: readonly PythonInstall[],
  reasons: string[],
): unknown {
  const spec = features[key];
  if ('preset' in spec) return spec.preset[preset];
  if (spec.derive === 'python') {
    const newest = pythons[0];
    if (newest) {
      reasons.push(`Python ${newest.version}: the newest supported CPython that runs here (${newest.path})`);
      return newest.version;
    }
    reasons.push(`Python ${FALLBACK_PYTHON}: no CPython 3.11-3.14 runs here; install one before running the project`);
    return FALLBACK_PYTHON;
  }
  if (spec.derive === 'django') {
    const { django, reason } = defaultDjango((partial.python as PythonVersion | undefined) ?? FALLBACK_PYTHON);
    reasons.push(`Django ${django}: ${reason}`);
    return django;
  }
  return spec.value;
}

/**
 * Turns flags (or prompt answers) into complete answers: preset values first, explicit values over
 * them, computed defaults for the rest. Refuses impossible combinations, naming the flag and what
 * is allowed.
 */
export function resolveAnswers(
  given: Given,
  names: ProjectNames,
  pythons: readonly PythonInstall[],
  /** The keys whose value came from a prompt rather than a flag. */
  prompted: ReadonlySet<FeatureKey> = new Set(),
): Resolved {
  const preset = given.preset ?? DEFAULT_PRESET;
  const reasons: string[] = [];
  const partial: Partial<FeatureAnswers> = {};
  for (const key of FEATURE_KEYS) {
    const value = given[key] ?? fallbackValue(key, preset, partial, pythons, reasons);
    Object.assign(partial, { [key]: value });
    const source = prompted.has(key) ? 'chosen at the prompt' : flagOf(key);
    if (given[key] !== undefined && key === 'django') reasons.push(`Django ${String(value)}: ${source}`);
    if (given[key] !== undefined && key === 'python') {
      const found = pythons.some((p) => p.version === value);
      reasons.push(`Python ${String(value)}: ${source}${found ? '' : ` (not found on this machine: install it before setting up the project)`}`);
    }
  }
  const answers: Answers = { preset, name: names.name, slug: names.slug, ...(partial as FeatureAnswers) };

  // An option that means nothing with the other answers is refused, never silently ignored.
  for (const key of FEATURE_KEYS) {
    const appliesOnly = features[key].appliesOnly;
    if (given[key] !== undefined && appliesOnly && !applies(key, answers)) {
      throw new UsageError(`Impossible combination: ${flagFor(key, given[key])} only applies with ${appliesOnly.with}.`);
    }
  }

  for (const key of FEATURE_KEYS) {
    const conflict = conflictOf(key, answers);
    if (conflict) throw new UsageError(`Impossible combination: ${conflict}.`);
  }
  return { answers, reasons };
}

/** The command that reproduces these answers without prompts, pinned to the generator `version`. */
export function oneShotCommand(answers: Answers, directory: string, defaultName: string, version: string): string {
  // A directory that starts with '-' would read as one of npm's flags.
  const target = directory.startsWith('-') ? `./${directory}` : directory;
  const words = ['npm', 'create', `django-best-practice@${version}`, target, '--', '--preset', answers.preset];
  for (const key of FEATURE_KEYS) {
    if (!applies(key, answers)) continue;
    const source = features[key];
    const usual = 'preset' in source ? source.preset[answers.preset] : source.derive === 'constant' ? source.value : undefined;
    if (usual === answers[key]) continue;
    words.push(...flagFor(key, answers[key]).split(' '));
  }
  if (answers.name !== defaultName) words.push('--name', answers.name);
  words.push('--yes');
  return shellCommand(words);
}
