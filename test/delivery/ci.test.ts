import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { allCombinations } from '../../generators/app/dependencies.js';
import { outputPath, renderProject, templateContext } from '../../generators/app/render.js';
import type { Answers } from '../../generators/app/schema.js';
import { generate } from '../helpers.js';

/** A validator from the tools directory the global setup fills, else from PATH. */
const tool = (name: string): string => (process.env.CDBP_TOOLS_BIN ? join(process.env.CDBP_TOOLS_BIN, name) : name);

/** What the CI files depend on: the services, the broker, the Python, the comments. */
const CI_KEYS = ['ci', 'db', 'cache', 'channels', 'celery', 'comments', 'python'] as const;

/** One combination per distinct value of CI_KEYS, for each CI provider. */
function ciCombinations(): Answers[] {
  const chosen = new Map<string, Answers>();
  for (const answers of allCombinations()) {
    if (answers.ci === 'none') continue;
    const key = CI_KEYS.map((k) => String(answers[k])).join(',');
    if (!chosen.has(key)) chosen.set(key, answers);
  }
  return [...chosen.values()];
}

const usesRedis = (a: Answers): boolean => a.cache === 'redis' || a.channels || a.celery;

interface Rendered {
  answers: Answers;
  ciFile: string;
  /** Where it was written, for the validators. */
  path: string;
  content: string;
  files: Map<string, string>;
}

describe('--ci github|gitlab: the generated project\'s CI', () => {
  const root = mkdtempSync(join(tmpdir(), 'cdbp-ci-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const rendered: Rendered[] = ciCombinations().map((answers, i) => {
    const files = renderProject(templateContext(answers, 'cmd'));
    const ciFile = answers.ci === 'github' ? '.github/workflows/ci.yml' : '.gitlab-ci.yml';
    const content = files.get(ciFile) ?? '';
    const path = join(root, String(i), ciFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return { answers, ciFile, path, content, files };
  });
  const github = rendered.filter((r) => r.answers.ci === 'github');
  const gitlab = rendered.filter((r) => r.answers.ci === 'gitlab');
  const label = (r: Rendered): string => CI_KEYS.map((k) => `${k}=${String(r.answers[k])}`).join(',');

  it('renders .github/workflows/ci.yml from dot-github/ (every path segment loses its dot- prefix)', () => {
    expect(outputPath('dot-github/workflows/ci.yml.ejs', 'my_shop')).toBe('.github/workflows/ci.yml');
    expect(github.length).toBeGreaterThanOrEqual(32);
    expect(gitlab.length).toBeGreaterThanOrEqual(32);
    for (const r of rendered) {
      expect(r.content, label(r)).not.toBe('');
      expect(r.content, label(r)).not.toMatch(/<%|%>/);
      // Exactly one CI file, of the chosen provider.
      const other = r.answers.ci === 'github' ? '.gitlab-ci.yml' : '.github/workflows/ci.yml';
      expect(r.files.has(other), label(r)).toBe(false);
    }
  });

  it('validates against the published schemas (check-jsonschema\'s vendored GitHub and GitLab schemas)', async () => {
    for (const [schema, group] of [['vendor.github-workflows', github], ['vendor.gitlab-ci', gitlab]] as const) {
      const result = await execa(tool('check-jsonschema'), ['--builtin-schema', schema, ...group.map((r) => r.path)], { reject: false });
      expect(result.exitCode, `${schema}\n${result.stdout}\n${result.stderr}`).toBe(0);
    }
  });

  it('passes actionlint (GitHub)', async () => {
    const result = await execa(tool('actionlint'), ['-no-color', ...github.map((r) => r.path)], { reject: false });
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it('runs every check make lint, typecheck, check and test run, with coverage', () => {
    for (const r of rendered) {
      for (const check of [
        /uv sync --locked/,
        /\.venv\/bin\/python -m ruff check \./,
        /\.venv\/bin\/python -m ruff format --check \./,
        /\.venv\/bin\/python -m mypy\n/,
        /DJANGO_SETTINGS_MODULE[:=] ?config\.settings\.production/,
        /\.venv\/bin\/python manage\.py check --deploy --fail-level WARNING/,
        /\.venv\/bin\/python manage\.py makemigrations --check --dry-run/,
        /\.venv\/bin\/python -m pytest --cov/,
      ]) {
        expect(r.content, label(r)).toMatch(check);
      }
      // check --deploy gets a database to read even without the PostgreSQL service.
      expect(r.content, label(r)).toMatch(r.answers.db === 'postgres' ? /DATABASE_URL[:=] ?postgres:\/\// : /DATABASE_URL[:=] ?sqlite:\/\/\//);
    }
  });

  it('starts PostgreSQL and Redis, with health checks, exactly when the project uses them', () => {
    for (const r of rendered) {
      const postgres = r.answers.db === 'postgres';
      const redis = usesRedis(r.answers);
      if (r.answers.ci === 'github') {
        expect(/\n {8}image: postgres:\d+/.test(r.content), label(r)).toBe(postgres);
        expect(/\n {8}image: redis:\d+/.test(r.content), label(r)).toBe(redis);
        expect(r.content.includes('--health-cmd "pg_isready'), label(r)).toBe(postgres);
        expect(r.content.includes('--health-cmd "redis-cli ping"'), label(r)).toBe(redis);
      } else {
        expect(/- name: postgres:\d+/.test(r.content), label(r)).toBe(postgres);
        expect(/- name: redis:\d+/.test(r.content), label(r)).toBe(redis);
        expect(r.content.includes('HEALTHCHECK_TCP_PORT: "5432"'), label(r)).toBe(postgres);
        expect(r.content.includes('HEALTHCHECK_TCP_PORT: "6379"'), label(r)).toBe(redis);
      }
      expect(/\n\s+DATABASE_URL: postgres:\/\/postgres:postgres@(localhost|postgres):5432\/ci\n/.test(r.content), label(r)).toBe(postgres);
      expect(/\n\s+REDIS_URL: redis:\/\//.test(r.content), label(r)).toBe(r.answers.cache === 'redis' || r.answers.channels);
      // The broker's tests use its next database: two numbers above the cache's, so neither flushes the other's.
      expect(/\n\s+CELERY_BROKER_URL: redis:\/\/(localhost|redis):6379\/2\n/.test(r.content), label(r)).toBe(r.answers.celery);
    }
  });

  it('GitHub: least privilege, superseded runs cancelled, actions pinned by release, uv cached, the Python of .python-version', () => {
    for (const r of github) {
      expect(r.content, label(r)).toMatch(/\npermissions:\n {2}contents: read\n(?! )/);
      expect(r.content, label(r)).toMatch(/\nconcurrency:\n {2}group: .*\n {2}cancel-in-progress: true\n/);
      const uses = [...r.content.matchAll(/uses: (\S+)/g)].map((m) => m[1]!);
      expect(uses.length, label(r)).toBeGreaterThan(0);
      for (const action of uses) expect(action, label(r)).toMatch(/^[\w-]+\/[\w-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
      expect(r.content, label(r)).toMatch(/uses: astral-sh\/setup-uv@.*\n\s+with:\n(\s+.*\n)*?\s+enable-cache: true\n/);
      expect(r.content, label(r)).toContain('persist-credentials: false');
      // uv reads .python-version; no second place names the version.
      expect(r.content, label(r)).not.toMatch(/python-version:|setup-python/);
      expect(r.files.get('.python-version')?.trim(), label(r)).toBe(r.answers.python);
    }
  });

  it('GitLab: the image of .python-version\'s Python, uv\'s cache kept, superseded pipelines cancelled, coverage reported', () => {
    for (const r of gitlab) {
      expect(r.content, label(r)).toContain(`image: python:${r.files.get('.python-version')?.trim()}-slim\n`);
      expect(r.content, label(r)).toContain('UV_CACHE_DIR: "$CI_PROJECT_DIR/.uv-cache"');
      expect(r.content, label(r)).toMatch(/cache:\n(\s+.*\n)*?\s+paths:\n\s+- \.uv-cache\n/);
      expect(r.content, label(r)).toContain('interruptible: true');
      expect(r.content, label(r)).toContain('on_new_commit: interruptible');
      expect(r.content, label(r)).toMatch(/coverage_format: cobertura\n\s+path: coverage\.xml/);
      expect(r.content, label(r)).toContain('--cov-report=xml');
    }
  });

  it('names an article question only in teaching comments', () => {
    for (const r of rendered) {
      const comments = r.content.split('\n').filter((line) => /^\s*#/.test(line));
      if (r.answers.comments === 'minimal') expect(comments, label(r)).toEqual([]);
      else expect(comments.length, label(r)).toBeGreaterThan(0);
    }
  });
});

describe('pre-commit: every project, offline hooks', () => {
  it('writes a .pre-commit-config.yaml that pre-commit accepts, whose hooks run .venv\'s ruff and mypy', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cdbp-pre-commit-'));
    try {
      for (const comments of ['teaching', 'minimal'] as const) {
        const answers = allCombinations().find((a) => a.ci === 'none' && a.comments === comments)!;
        const files = renderProject(templateContext(answers, 'cmd'));
        const config = files.get('.pre-commit-config.yaml');
        expect(config, comments).toBeDefined();
        // Local hooks only: no repository to download, so they run offline.
        expect([...config!.matchAll(/- repo: (\S+)/g)].map((m) => m[1])).toEqual(['local']);
        for (const entry of ['.venv/bin/python -m ruff check', '.venv/bin/python -m ruff format', '.venv/bin/python -m mypy']) {
          expect(config).toContain(`entry: ${entry}`);
        }
        expect([...config!.matchAll(/language: (\S+)/g)].map((m) => m[1])).toEqual(['unsupported', 'unsupported', 'unsupported']);
        expect(files.get('pyproject.toml')).toMatch(/\n {4}"pre-commit==\d+\.\d+\.\d+",\n/);
        expect(files.get('Makefile')).toMatch(/\nhooks: .*\n\t\$\(PY\) -m pre_commit install\n/);
        const path = join(root, comments, '.pre-commit-config.yaml');
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, config!);
        const result = await execa(tool('pre-commit'), ['validate-config', path], { reject: false });
        expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('sets a coverage floor of at least 90% that make test enforces', () => {
    for (const comments of ['teaching', 'minimal'] as const) {
      const answers = allCombinations().find((a) => a.comments === comments)!;
      const files = renderProject(templateContext(answers, 'cmd'));
      const floor = /\[tool\.coverage\.report\]\n(?:#.*\n)*fail_under = (\d+)\n/.exec(files.get('pyproject.toml')!);
      expect(Number(floor?.[1])).toBeGreaterThanOrEqual(90);
      expect(files.get('Makefile')).toMatch(/\ntest: .*\n\t\$\(PY\) -m pytest --cov\n/);
    }
  });
});

describe('the app generator and --ci', () => {
  it('--ci none writes no CI file; github and gitlab write their own only', async () => {
    const none = await generate({ ci: 'none' });
    const gitlab = await generate({ ci: 'gitlab' });
    expect(none.files.filter((f) => /^\.github\/|gitlab-ci/.test(f))).toEqual([]);
    expect(none.has('.pre-commit-config.yaml')).toBe(true);
    expect(gitlab.files.filter((f) => /^\.github\/|gitlab-ci/.test(f))).toEqual(['.gitlab-ci.yml']);
    expect(none.read('README.md')).not.toMatch(/\*\*CI\*\*/);
    expect(gitlab.read('README.md')).toContain('- **CI** (GitLab CI, `.gitlab-ci.yml`)');
  });
});
