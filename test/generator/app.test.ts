import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../generators/app/manifest.js';
import type { ProjectPlan } from '../../generators/app/plan.js';
import { installCommands } from '../../generators/app/steps.js';
import { templatesDir } from '../../generators/app/render.js';
import { generate, listFiles } from '../helpers.js';

describe('the manifest', () => {
  it('lists every template exactly once', () => {
    const listed = manifest.flatMap((group) => group.templates);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(listFiles(templatesDir));
  });
});

describe('app generator, default answers (preset api)', async () => {
  const project = await generate();

  it('writes the core tree', () => {
    expect(project.files).toMatchSnapshot();
    expect(readdirSync(project.cwd)).toEqual(['my-shop']);
  });

  it('names the Python package after the directory', () => {
    expect(project.read('config/settings/base.py')).toContain('"my_shop.users"');
    expect(project.read('config/settings/base.py')).toMatch(/AUTH_USER_MODEL = "users\.CustomUser"/);
    expect(project.read('README.md')).toContain('# My Shop');
    expect(project.read('pyproject.toml')).toContain('name = "my-shop"');
  });

  it('uses the newest Python found and Django 6.1 with it', () => {
    expect(project.read('.python-version').trim()).toBe('3.13');
    expect(project.read('pyproject.toml')).toMatch(/"django==6\.1\.\d+"/);
    expect(project.read('pyproject.toml')).toContain('requires-python = ">=3.13"');
  });

  it('wires PostgreSQL and Redis for production, SQLite and local memory without env', () => {
    const pyproject = project.read('pyproject.toml');
    expect(pyproject).toMatch(/"psycopg\[binary\]==[\d.]+"/);
    expect(pyproject).toMatch(/"redis==[\d.]+"/);
    const base = project.read('config/settings/base.py');
    expect(base).toContain(`env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")`);
    expect(base).toContain('django.core.cache.backends.locmem.LocMemCache');
    expect(base).toContain('env_str("REDIS_URL")');
    expect(project.read('.env.example')).toContain('REDIS_URL=');
  });

  it('puts a fresh random secret in .env and only placeholders in .env.example', async () => {
    const secret = /^DJANGO_SECRET_KEY=(.+)$/m.exec(project.read('.env'))?.[1];
    expect(secret).toHaveLength(50);
    expect(project.read('.env.example')).not.toContain(secret!);
    expect(project.read('.env.example')).toMatch(/^DJANGO_SECRET_KEY=change-me$/m);
    expect(project.read('.gitignore')).toMatch(/^\.env$/m);
    const other = await generate();
    expect(/^DJANGO_SECRET_KEY=(.+)$/m.exec(other.read('.env'))?.[1]).not.toBe(secret);
  });

  it('saves the answers, the version and the one-shot command in .yo-rc.json', () => {
    const saved = JSON.parse(project.read('.yo-rc.json'))['create-django-best-practice'];
    expect(saved.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(saved.answers).toMatchObject({ preset: 'api', api: 'drf', auth: 'jwt', pagination: 'cursor', example: true, slug: 'my_shop', python: '3.13', django: '6.1', db: 'postgres' });
    expect(saved.command).toBe(`npm create django-best-practice@${saved.version} my-shop -- --preset api --python 3.13 --django 6.1 --yes`);
    expect(project.read('README.md')).toContain(saved.command);
  });

  it('leaves no template markers', () => {
    for (const file of project.files) expect(project.read(file), file).not.toMatch(/<%|%>/);
  });
});

describe('--api none (the minimal preset)', async () => {
  const minimal = await generate({ preset: 'minimal' });

  it('leaves no DRF dependency, setting, URL or test', () => {
    expect(minimal.files.filter((file) => /(^|\/)api(\/|_)/.test(file))).toEqual([]);
    for (const file of minimal.files) {
      if (file === '.yo-rc.json') continue;
      expect(minimal.read(file), file).not.toMatch(/rest_framework|djangorestframework|drf_spectacular|django_filters|simplejwt|\/api\//);
    }
  });
});

describe('options change files and content', () => {
  it('--db sqlite drops psycopg', async () => {
    const project = await generate({ db: 'sqlite' });
    expect(project.read('pyproject.toml')).not.toContain('psycopg');
  });

  it('--cache locmem drops redis and every REDIS_URL reference', async () => {
    const project = await generate({ cache: 'locmem' });
    expect(project.read('pyproject.toml')).not.toMatch(/"redis==/);
    for (const file of project.files) expect(project.read(file), file).not.toMatch(/REDIS_URL|RedisCache/);
  });

  it('--python 3.11 picks Django 5.2 LTS; --python 3.12 --django 5.2 keeps 5.2', async () => {
    const py311 = await generate({ python: '3.11' });
    expect(py311.read('pyproject.toml')).toMatch(/"django==5\.2\.\d+"/);
    expect(py311.read('pyproject.toml')).toContain('target-version = "py311"');
    const pinned = await generate({ python: '3.12', django: '5.2' });
    expect(pinned.read('pyproject.toml')).toMatch(/"django==5\.2\.\d+"/);
    expect(pinned.read('.python-version').trim()).toBe('3.12');
  });

  it('--comments minimal removes the teaching comments', async () => {
    const teaching = await generate({ comments: 'teaching' });
    const minimal = await generate({ comments: 'minimal' });
    const commentLines = (project: typeof teaching): number =>
      project.files
        .filter((f) => f.endsWith('.py'))
        .reduce((n, f) => n + project.read(f).split('\n').filter((line) => line.trim().startsWith('#')).length, 0);
    expect(commentLines(minimal)).toBeLessThan(commentLines(teaching));
    expect(teaching.read('config/settings/base.py')).toContain('# Set before the first migration');
    expect(minimal.read('config/settings/base.py')).not.toContain('# Set before the first migration');
    expect(minimal.files).toEqual(teaching.files);
  });

  it('--name sets the display name, not the package', async () => {
    const project = await generate({}, { name: 'Corner Shop' });
    expect(project.read('README.md')).toContain('# Corner Shop');
    expect(project.has('my_shop/users/models.py')).toBe(true);
  });
});

describe('target directory', () => {
  it('refuses a non-empty directory without --force and writes nothing', async () => {
    let cwd = '';
    await expect(
      generate({}, {
        prepare: (dir) => {
          cwd = dir;
          mkdirSync(join(dir, 'my-shop'));
          writeFileSync(join(dir, 'my-shop', 'notes.txt'), 'mine');
        },
      }),
    ).rejects.toThrow(/is not empty \(notes\.txt\).*--force/s);
    expect(listFiles(join(cwd, 'my-shop'))).toEqual(['notes.txt']);
  });

  it('with --force keeps every existing file and says which generated ones it skipped', async () => {
    const project = await generate({}, {
      run: { force: true },
      prepare: (dir) => {
        mkdirSync(join(dir, 'my-shop'));
        writeFileSync(join(dir, 'my-shop', 'notes.txt'), 'mine');
        writeFileSync(join(dir, 'my-shop', 'README.md'), '# my own readme\n');
      },
    });
    expect(project.read('notes.txt')).toBe('mine');
    expect(project.read('README.md')).toBe('# my own readme\n');
    expect(project.has('manage.py')).toBe(true);
    expect(project.log).toMatch(/Kept 1 existing file\(s\) instead of the generated version:\n\s+README\.md/);
  });

  it('generates into an existing empty directory', async () => {
    const project = await generate({}, { prepare: (dir) => mkdirSync(join(dir, 'my-shop')) });
    expect(project.has('manage.py')).toBe(true);
    expect(project.files).not.toContain(expect.stringMatching(/creating/));
  });
});

describe('the install step', () => {
  /** Splits a shell command line into words, honouring single and double quotes. */
  const words = (line: string): string[] =>
    [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);

  it('runs the same commands as the generated `make setup`, with and without uv', async () => {
    const project = await generate({ python: '3.12' });
    const makefile = project.read('Makefile');
    const recipe = /^setup:.*\n((?:\t.*\n|ifdef.*\n|else\n|endif\n)+)/m.exec(makefile)![1]!;
    const [withUv, withoutUv] = recipe.split('else\n').map((part) =>
      part
        .split('\n')
        .filter((line) => line.startsWith('\t'))
        .map((line) =>
          words(line.trim().replaceAll('$(PYTHON)', 'PYTHON').replaceAll('$(PY)', '.venv/bin/python').replaceAll('$(VENV)', '.venv')),
        ),
    );
    const plan = { python: { version: '3.12', full: '3.12.1', path: 'PYTHON' }, answers: { python: '3.12' } } as unknown as ProjectPlan;
    const ours = (uv: string | undefined) =>
      installCommands(plan, uv).map(({ argv, stdoutFile }) => (stdoutFile ? [...argv, '>', stdoutFile] : argv));
    expect(ours(undefined)).toEqual(withoutUv);
    expect(withUv).toEqual([['uv', 'sync']]);
    expect(ours('uv')).toEqual([['uv', 'sync', '--python', 'PYTHON']]);
  });
});
