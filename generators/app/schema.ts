/**
 * The option schema: the single source of truth for flags, prompts, presets, validation,
 * `--help`, `.yo-rc.json` and (through the manifest) which templates are written.
 */

export const PRESETS = ['minimal', 'api', 'full'] as const;
export type Preset = (typeof PRESETS)[number];

/** The preset taken when none is given. */
export const DEFAULT_PRESET: Preset = 'api';

interface BaseSpec {
  /** One line for `--help`. */
  help: string;
  /** The question asked interactively. */
  question: string;
  /** The option only means something with other answers (else it is neither asked nor accepted). */
  appliesOnly?: { when: (a: AnyAnswers) => boolean; with: string };
  /** Rejects an impossible combination: returns the reason, or undefined when fine. */
  conflict?: (a: AnyAnswers) => string | undefined;
}

interface ChoiceSpec<V extends string> extends BaseSpec {
  kind: 'choice';
  choices: readonly V[];
  /** A short description of each value, for prompts and `--help`. */
  describe?: Partial<Record<V, string>>;
}

interface BooleanSpec extends BaseSpec {
  kind: 'boolean';
}

/** How an option gets its value when no flag gives it: from the preset or computed. */
type Source<V> = { preset: Record<Preset, V> } | { derive: 'python' | 'django' | 'constant'; value?: V };

/** Answers as the callbacks above see them (typed loosely: the schema defines the precise type). */
type AnyAnswers = Readonly<Record<string, string | boolean>>;

type ChoiceOption<V extends string> = ChoiceSpec<V> & Source<V>;
type BooleanOption = BooleanSpec & Source<boolean>;

function choice<const V extends string>(spec: ChoiceOption<V>): ChoiceOption<V> {
  return spec;
}

function flag(spec: BooleanOption): BooleanOption {
  return spec;
}

export const PYTHONS = ['3.11', '3.12', '3.13', '3.14'] as const;
export type PythonVersion = (typeof PYTHONS)[number];
export const DJANGOS = ['5.2', '6.1'] as const;
export type DjangoVersion = (typeof DJANGOS)[number];

export function pythonAtLeast(version: string, minimum: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  const [minMajor, minMinor] = minimum.split('.').map(Number);
  return major! > minMajor! || (major === minMajor && minor! >= minMinor!);
}

/** Django 6.x supports Python 3.12 and newer only. */
export const DJANGO_MIN_PYTHON: Record<DjangoVersion, PythonVersion> = { '5.2': '3.11', '6.1': '3.12' };

export const features = {
  db: choice({
    kind: 'choice',
    choices: ['postgres', 'sqlite'],
    help: 'database in production (local runs and tests use SQLite until DATABASE_URL is set)',
    question: 'Production database',
    describe: { postgres: 'PostgreSQL through psycopg 3', sqlite: 'SQLite only (no database server)' },
    preset: { minimal: 'postgres', api: 'postgres', full: 'postgres' },
  }),
  api: choice({
    kind: 'choice',
    choices: ['drf', 'none'],
    help: 'REST API layer',
    question: 'REST API',
    describe: { drf: 'Django REST framework', none: 'no API, server-rendered Django only' },
    preset: { minimal: 'none', api: 'drf', full: 'drf' },
  }),
  auth: choice({
    kind: 'choice',
    choices: ['jwt', 'token', 'session'],
    help: 'API authentication',
    question: 'API authentication',
    describe: { jwt: 'JSON Web Tokens (simplejwt)', token: 'DRF tokens', session: 'Django sessions' },
    conflict: (a) => (a.api === 'none' && a.auth !== 'session' ? `--auth ${String(a.auth)} needs --api drf` : undefined),
    preset: { minimal: 'session', api: 'jwt', full: 'jwt' },
  }),
  pagination: choice({
    kind: 'choice',
    choices: ['cursor', 'page', 'limit-offset'],
    help: 'API list pagination',
    question: 'API pagination',
    appliesOnly: { when: (a) => a.api !== 'none', with: '--api drf' },
    preset: { minimal: 'page', api: 'cursor', full: 'cursor' },
  }),
  cache: choice({
    kind: 'choice',
    choices: ['redis', 'locmem'],
    help: 'cache in production (local runs use local memory until REDIS_URL is set)',
    question: 'Cache',
    describe: { redis: 'Redis through REDIS_URL', locmem: 'local memory only (no Redis)' },
    preset: { minimal: 'redis', api: 'redis', full: 'redis' },
  }),
  celery: flag({
    kind: 'boolean',
    help: 'Celery background tasks (eager locally, Redis broker in production)',
    question: 'Celery background tasks?',
    preset: { minimal: false, api: false, full: true },
  }),
  channels: flag({
    kind: 'boolean',
    help: 'Django Channels websockets (ChatConsumer)',
    question: 'Channels websockets?',
    preset: { minimal: false, api: false, full: true },
  }),
  example: flag({
    kind: 'boolean',
    help: "the article's blog domain (Article, Comment, Tag) with every pattern",
    question: 'Example blog domain?',
    preset: { minimal: false, api: true, full: true },
  }),
  docker: flag({
    kind: 'boolean',
    help: 'Dockerfile (multi-stage, non-root) and docker-compose.yml',
    question: 'Docker files?',
    preset: { minimal: false, api: true, full: true },
  }),
  ci: choice({
    kind: 'choice',
    choices: ['github', 'gitlab', 'none'],
    help: 'CI workflow running the same checks on PostgreSQL + Redis',
    question: 'CI workflow',
    preset: { minimal: 'none', api: 'github', full: 'github' },
  }),
  sentry: flag({
    kind: 'boolean',
    help: 'Sentry error and performance reporting in production (on when SENTRY_DSN is set)',
    question: 'Sentry error reporting?',
    preset: { minimal: false, api: false, full: false },
  }),
  python: choice({
    kind: 'choice',
    choices: PYTHONS,
    help: 'Python version (default: the newest of these that runs on this machine)',
    question: 'Python version',
    derive: 'python',
  }),
  django: choice({
    kind: 'choice',
    choices: DJANGOS,
    help: 'Django version (default: 6.1 when Python >= 3.12, else 5.2 LTS)',
    question: 'Django version',
    describe: { '5.2': '5.2 LTS', '6.1': '6.1, the newest' },
    conflict: (a) => {
      const minimum = DJANGO_MIN_PYTHON[a.django as DjangoVersion];
      return pythonAtLeast(String(a.python), minimum)
        ? undefined
        : `--django ${String(a.django)} needs Python >= ${minimum} (got --python ${String(a.python)})`;
    },
    derive: 'django',
  }),
  comments: choice({
    kind: 'choice',
    choices: ['teaching', 'minimal'],
    help: 'teaching: each pattern carries a short "why" comment',
    question: 'Comments in the generated code',
    describe: { teaching: 'a short "why" at each pattern', minimal: 'only what a maintainer needs' },
    derive: 'constant',
    value: 'teaching',
  }),
} as const;

export type FeatureKey = keyof typeof features;
type ValueOf<S> = S extends ChoiceOption<infer V> ? V : boolean;
export type FeatureAnswers = { [K in FeatureKey]: ValueOf<(typeof features)[K]> };

/** Everything a generated project is made from; saved in `.yo-rc.json`. */
export type Answers = FeatureAnswers & {
  preset: Preset;
  /** Display name, e.g. "My Shop". */
  name: string;
  /** Python package, derived from the directory name, e.g. "my_shop". */
  slug: string;
};

export const FEATURE_KEYS = Object.keys(features) as FeatureKey[];

/** Options that steer the run, not the generated project. */
export const runOptions = {
  yes: { short: 'y', help: 'take defaults for everything not given; never prompt' },
  install: {
    negatable: 'do not create .venv or install; run make setup later',
    default: true,
    help: 'create .venv and install (uv when present, else venv + pip)',
  },
  git: { negatable: 'do not create a git repository', default: true, help: 'git init and a first commit of the generated files' },
  force: { help: 'allow a non-empty target directory (existing entries, symlinks included, are kept and never committed)' },
  dryRun: { help: 'print the answers and the files it would write; write nothing' },
  verbose: { help: 'list every file written' },
} as const;

export type RunOptions = { -readonly [K in keyof typeof runOptions]: boolean };

export function runDefaults(): RunOptions {
  return Object.fromEntries(
    Object.entries(runOptions).map(([key, spec]) => [key, 'default' in spec ? spec.default : false]),
  ) as RunOptions;
}

/** Whether `key` means anything given the other answers. */
export function applies(key: FeatureKey, answers: AnyAnswers): boolean {
  const spec: BaseSpec = features[key];
  return spec.appliesOnly?.when(answers) ?? true;
}

/** The impossible combination `answers` makes for `key`, or undefined. */
export function conflictOf(key: FeatureKey, answers: AnyAnswers): string | undefined {
  const spec: BaseSpec = features[key];
  return spec.conflict?.(answers);
}

/** The values `key` can take. */
export function valuesOf(key: FeatureKey): (string | boolean)[] {
  const spec = features[key];
  return spec.kind === 'choice' ? [...spec.choices] : [true, false];
}

/** The values a preset gives the features it covers. */
export function presetValues(preset: Preset): Partial<FeatureAnswers> {
  const values: Record<string, unknown> = {};
  for (const key of FEATURE_KEYS) {
    const spec = features[key];
    if ('preset' in spec) values[key] = spec.preset[preset];
  }
  return values as Partial<FeatureAnswers>;
}

export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** How a value is written on the command line: `--db postgres`, `--celery`, `--no-docker`. */
export function flagFor(key: FeatureKey | 'preset', value: unknown): string {
  if (typeof value === 'boolean') return value ? flagOf(key) : `--no-${key}`;
  return `${flagOf(key)} ${String(value)}`;
}
