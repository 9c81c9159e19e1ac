import { basename, resolve } from 'node:path';
import dependencyNames from './data/dependency-names.json' with { type: 'json' };
import pythonNames from './data/python-names.json' with { type: 'json' };
import { UsageError } from './errors.js';

const STDLIB = new Set(pythonNames.modules);
const KEYWORDS = new Set(pythonNames.keywords);

/**
 * Import name -> the distributions providing it, for everything a generated project installs
 * (all dependencies, direct and transitive, of every option combination, Python and platform).
 * Written by `npm run names:update`; a test fails when the templates pin other requirements.
 */
const DEPENDENCY_NAMES: Readonly<Record<string, readonly string[]>> = dependencyNames.names;

/**
 * Import names of packages that a project commonly adds next (CORS, env parsing). Refused already so
 * that a project generated today can still take them later.
 */
const LATER_FEATURE_NAMES = new Set(['corsheaders', 'environ']);

/**
 * Without uv, the install step (and `make setup`) runs `python -m pip` in the project directory,
 * where a package of this name would be imported instead of pip.
 */
const INSTALLER_NAMES = new Set(['pip']);

/** Entries of the generated project's own top level, which the package would collide with. */
const PROJECT_ENTRIES = new Set(['config', 'deploy', 'manage', 'staticfiles', 'tests']);

/** `My-Shop app` -> `my_shop_app`: lowercase, `-` and spaces to `_`. */
export function slugify(directoryName: string): string {
  return directoryName.trim().toLowerCase().replace(/[-\s]+/g, '_');
}

/** `my-shop` -> `My Shop`. */
export function displayName(directoryName: string): string {
  return directoryName
    .trim()
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

/** Why `slug` cannot be a Python package name of a Django project, or undefined when it can. */
export function slugProblem(slug: string): string | undefined {
  if (slug === '') return 'it is empty';
  if (/^_|_$/.test(slug)) {
    return (
      `it starts or ends with "_" or "-", and [project].name in pyproject.toml ("${slug.replace(/_/g, '-')}") ` +
      'must start and end with a letter or digit, so uv and pip refuse to install the project'
    );
  }
  if (/^[0-9]/.test(slug)) return 'a Python package name cannot start with a digit';
  if (!/^[a-z_][a-z0-9_]*$/.test(slug)) {
    return 'a Python package name may contain only letters, digits and underscores';
  }
  if (KEYWORDS.has(slug)) return 'it is a Python keyword';
  if (slug === 'django') return 'it would shadow Django itself';
  if (slug === 'test') return 'it clashes with the test package Python and pytest look for';
  if (PROJECT_ENTRIES.has(slug)) return `the project already has a top-level "${slug}" of its own`;
  if (STDLIB.has(slug)) return 'it is the name of a Python standard-library module';
  const providers = Object.hasOwn(DEPENDENCY_NAMES, slug) ? DEPENDENCY_NAMES[slug] : undefined;
  if (providers) {
    return `it is the import name of a package the project uses (from ${providers.map((p) => `"${p}"`).join(', ')}), which the project's package would hide`;
  }
  if (LATER_FEATURE_NAMES.has(slug)) {
    return 'it is the import name of a package projects commonly add later, which the project\'s package would hide';
  }
  if (INSTALLER_NAMES.has(slug)) return `the install step runs "python -m ${slug}" in the project directory, which would import the project's package instead`;
  return undefined;
}

/** A directory name close to `slug` whose package name is accepted. */
function suggestionFor(slug: string): string {
  const cleaned = slug.replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  const candidates = [cleaned, `${cleaned}_project`, `project_${cleaned}`].filter((c) => slugProblem(c) === undefined);
  return (candidates[0] ?? 'my_project').replace(/_/g, '-');
}

/** C0 and C1 control characters, DEL included: they break the generated TOML and shell commands. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** `text` with its control characters shown as escapes, safe to print. */
function visible(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function refuseControlCharacters(what: string, text: string, fallback: string): void {
  const found = text.match(CONTROL);
  if (!found) return;
  const codes = [...new Set(found)].map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  const cleaned = text.replace(CONTROL, ' ').replace(/ +/g, ' ').trim();
  throw new UsageError(
    `${what} "${visible(text)}" contains control characters (${codes.join(', ')}), such as a line break or a tab: ` +
      'they would break pyproject.toml and the printed commands.\n' +
      `Use printable characters only, e.g. "${cleaned || fallback}".`,
  );
}

export interface ProjectNames {
  /** Absolute target directory. */
  directory: string;
  slug: string;
  name: string;
}

/**
 * Derives the package slug from the target directory and refuses names Python cannot use.
 * `nameLabel` is how messages refer to the display name: the flag, or the question that asked for it.
 */
export function projectNames(target: string, name: string | undefined, cwd = process.cwd(), nameLabel = '--name'): ProjectNames {
  if (target === '') {
    throw new UsageError(
      'The target directory is empty (""). Pass "." to generate into the current directory, or a new directory name, e.g. "my-shop".',
    );
  }
  refuseControlCharacters('The target directory', target, 'my-shop');
  const directory = resolve(cwd, target);
  const base = basename(directory);
  const slug = slugify(base);
  const problem = slugProblem(slug);
  if (problem) {
    throw new UsageError(
      `The directory name "${base}" gives the Python package name "${slug}", which cannot be used: ${problem}.\n` +
        `The package name is the directory name in lowercase with "-" and spaces turned into "_"; ` +
        `it must be a valid Python identifier that does not start or end with "_", and is not a keyword, "django", "test", ` +
        `a standard-library module, the import name of a dependency (or of pip), or one of the project's own ` +
        `top-level names (${[...PROJECT_ENTRIES].join(', ')}).\n` +
        `Try a different directory, e.g. "${suggestionFor(slug)}".`,
    );
  }
  if (name !== undefined) refuseControlCharacters(nameLabel, name, displayName(base));
  if (name !== undefined && name.trim() === '') {
    throw new UsageError(`${nameLabel} must not be empty. Leave it out to use "${displayName(base)}", from the directory name.`);
  }
  const displayed = name?.trim() || displayName(base);
  if (displayed === '') {
    throw new UsageError(`The directory name "${base}" gives an empty display name. Pass one with --name, e.g. --name "My Shop".`);
  }
  if (/["\\]/.test(displayed)) {
    throw new UsageError(`${nameLabel} "${displayed}" cannot contain quotes or backslashes.`);
  }
  return { directory, slug, name: displayed };
}
