import { basename, resolve } from 'node:path';
import pythonNames from './data/python-names.json' with { type: 'json' };
import { UsageError } from './errors.js';

const STDLIB = new Set(pythonNames.modules);
const KEYWORDS = new Set(pythonNames.keywords);

/** Import names the generated project (or a later feature of it) depends on. */
const DEPENDENCY_NAMES = new Set([
  'argon2',
  'celery',
  'channels',
  'channels_redis',
  'corsheaders',
  'coverage',
  'daphne',
  'django_filters',
  'drf_spectacular',
  'environ',
  'factory',
  'faker',
  'gunicorn',
  'kombu',
  'mypy',
  'psycopg',
  'pytest',
  'pytest_django',
  'redis',
  'rest_framework',
  'rest_framework_simplejwt',
  'ruff',
  'uvicorn',
  'whitenoise',
]);

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
  if (/^[0-9]/.test(slug)) return 'a Python package name cannot start with a digit';
  if (!/^[a-z_][a-z0-9_]*$/.test(slug)) {
    return 'a Python package name may contain only letters, digits and underscores';
  }
  if (KEYWORDS.has(slug) || slug === 'true' || slug === 'false' || slug === 'none') {
    return 'it is a Python keyword';
  }
  if (slug === 'django') return 'it would shadow Django itself';
  if (slug === 'test') return 'it clashes with the test package Python and pytest look for';
  if (PROJECT_ENTRIES.has(slug)) return `the project already has a top-level "${slug}" of its own`;
  if (STDLIB.has(slug)) return 'it is the name of a Python standard-library module';
  if (DEPENDENCY_NAMES.has(slug)) return 'it is the import name of a package the project uses';
  return undefined;
}

function suggestionFor(slug: string): string {
  const cleaned = slug.replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (cleaned === '') return 'my-project';
  const candidate = /^[0-9]/.test(cleaned) ? `project_${cleaned}` : `${cleaned}_project`;
  return candidate.replace(/_/g, '-');
}

export interface ProjectNames {
  /** Absolute target directory. */
  directory: string;
  slug: string;
  name: string;
}

/** Derives the package slug from the target directory and refuses names Python cannot use. */
export function projectNames(target: string, name: string | undefined, cwd = process.cwd()): ProjectNames {
  const directory = resolve(cwd, target);
  const base = basename(directory);
  const slug = slugify(base);
  const problem = slugProblem(slug);
  if (problem) {
    throw new UsageError(
      `The directory name "${base}" gives the Python package name "${slug}", which cannot be used: ${problem}.\n` +
        `The package name is the directory name in lowercase with "-" and spaces turned into "_"; ` +
        `it must be a valid Python identifier that is not a keyword, "django", "test", ` +
        `a standard-library module, a dependency's import name or one of the project's own ` +
        `top-level names (${[...PROJECT_ENTRIES].join(', ')}).\n` +
        `Try a different directory, e.g. "${suggestionFor(slug)}".`,
    );
  }
  if (name !== undefined && name.trim() === '') throw new UsageError('--name must not be empty.');
  const displayed = name?.trim() || displayName(base);
  if (/["\\\n]/.test(displayed)) {
    throw new UsageError(`--name "${displayed}" cannot contain quotes, backslashes or line breaks.`);
  }
  return { directory, slug, name: displayed };
}
