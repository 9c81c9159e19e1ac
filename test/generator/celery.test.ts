import { describe, expect, it } from 'vitest';
import { manifest } from '../../generators/app/manifest.js';
import { outputPath } from '../../generators/app/render.js';
import { generate } from '../helpers.js';
import { readmeWithoutAbsentPatterns } from './pattern-map.js';

/** What only --celery brings: any of these in a project without it is something left behind. */
const CELERY_MARKERS = /celery|send_newsletter|NewsletterDelivery|newsletter|make worker|make beat|\bbeat\b/i;

/** The files of the manifest groups that only `when` answers select. */
function filesOf(when: Record<string, unknown>, unless: Record<string, unknown>): string[] {
  return manifest
    .filter((group) => group.when?.(when as never) && !group.when?.(unless as never))
    .flatMap((group) => group.templates)
    .map((template) => outputPath(template, 'my_shop'));
}

describe('--celery: background tasks (Q13)', async () => {
  const withBlog = await generate({ celery: true, example: true });
  const minimal = await generate({ celery: true, example: true, comments: 'minimal', db: 'sqlite', cache: 'locmem' });
  const withoutBlog = await generate({ celery: true, example: false, cache: 'locmem' });
  const without = await generate({ celery: false, example: true });

  it('writes the Celery app, the tasks and their tests; the blog\'s only with --example', () => {
    const celeryFiles = filesOf({ celery: true, example: true }, { celery: false, example: true });
    expect(celeryFiles).toEqual(expect.arrayContaining([
      'config/celery.py',
      'my_shop/core/tasks.py',
      'my_shop/blog/tasks.py',
      'my_shop/blog/migrations/0004_newsletterdelivery.py',
      'tests/test_celery.py',
      'tests/blog/test_tasks.py',
      'tests/blog/test_worker.py',
      'tests/blog/worker_settings.py',
    ]));
    for (const file of celeryFiles) expect(withBlog.files).toContain(file);
    expect(withoutBlog.files).toContain('config/celery.py');
    expect(withoutBlog.files).toContain('my_shop/core/tasks.py');
    expect(withoutBlog.files.filter((file) => /blog/.test(file))).toEqual([]);
  });

  it('loads the app from config/__init__.py, with settings under the CELERY_ namespace', () => {
    expect(withBlog.read('config/__init__.py')).toContain('from config.celery import app as celery_app');
    const app = withBlog.read('config/celery.py');
    expect(app).toContain('app.config_from_object("django.conf:settings", namespace="CELERY")');
    expect(app).toContain('app.autodiscover_tasks()');
    // A default settings module there would override manage.py's (config/__init__.py imports it first).
    expect(app).not.toMatch(/setdefault\("DJANGO_SETTINGS_MODULE"/);
  });

  it('runs tasks eagerly without a broker, and requires one in production', () => {
    const base = withBlog.read('config/settings/base.py');
    expect(base).toContain('CELERY_TASK_ALWAYS_EAGER = not env_str("CELERY_BROKER_URL")');
    for (const setting of ['CELERY_TASK_SERIALIZER = "json"', 'CELERY_ACCEPT_CONTENT = ["json"]', 'CELERY_WORKER_PREFETCH_MULTIPLIER = 1', 'CELERY_TASK_TIME_LIMIT', '"visibility_timeout"', 'CELERY_BEAT_SCHEDULE']) {
      expect(base).toContain(setting);
    }
    expect(base).toContain('CELERY_TASK_ROUTES = {"my_shop.blog.tasks.send_newsletter": {"queue": "newsletter"}}');
    expect(withoutBlog.read('config/settings/base.py')).not.toMatch(/CELERY_TASK_ROUTES|blog/);
    // The broker URL (and its password) is never a Django setting: Celery reads the variable itself.
    expect(base).not.toMatch(/^CELERY_BROKER_URL\b/m);
    expect(withBlog.read('config/settings/production.py')).toContain('env_required("CELERY_BROKER_URL")');
    expect(withBlog.read('config/settings/test.py')).toContain('CELERY_TASK_ALWAYS_EAGER = True');
  });

  it('keeps the article\'s name and makes send_newsletter late-acked, retried and idempotent', () => {
    const tasks = withBlog.read('my_shop/blog/tasks.py');
    expect(tasks).toMatch(/@shared_task\(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES\)\ndef send_newsletter\(/);
    expect(tasks).toContain('full_jitter=True');
    expect(withBlog.read('my_shop/blog/signals.py')).toContain('transaction.on_commit(partial(send_newsletter.delay, instance.pk), robust=True)');
    expect(withBlog.read('my_shop/blog/signals.py')).not.toContain('send_mass_mail');
    expect(withBlog.read('my_shop/blog/models.py')).toContain('name="blog_newsletter_delivery_unique"');
    expect(withBlog.read('tests/blog/test_migrations.py')).toContain('LATEST = ("blog", "0004_newsletterdelivery")');
  });

  it('pins celery[redis] with the redis-py it allows, and the stubs mypy needs', () => {
    for (const project of [withBlog, minimal, withoutBlog]) {
      const pyproject = project.read('pyproject.toml');
      expect(pyproject).toContain('"celery[redis]==5.7.0",');
      expect(pyproject).toContain('"redis==6.4.0",');
      expect(pyproject).toContain('"celery-types==0.26.0",');
    }
    expect(without.read('pyproject.toml')).toContain('"redis==8.1.0",');
  });

  it('has make worker and make beat, and make check gives production a broker', () => {
    const makefile = withBlog.read('Makefile');
    expect(makefile).toMatch(/^worker: \$\(PY\) ## .*\n\tDJANGO_SETTINGS_MODULE=config\.settings\.local \$\(PY\) -m celery -A config worker \\\n\t\t--queues celery,newsletter /m);
    expect(makefile).toMatch(/^beat: \$\(PY\) ## .*\n\tDJANGO_SETTINGS_MODULE=config\.settings\.local \$\(PY\) -m celery -A config beat /m);
    expect(makefile).toMatch(/^\tCELERY_BROKER_URL=redis:\/\/localhost:6379\/0 \\$/m);
    expect(withoutBlog.read('Makefile')).toContain('--queues celery --loglevel INFO');
    expect(withBlog.read('.env.example')).toContain('# CELERY_BROKER_URL=redis://HOST:6379/0');
    expect(withBlog.read('.gitignore')).toContain('celerybeat-schedule*');
  });

  it('documents the tasks, the health probe and the production variable in the README, with Q12 and Q13 rows', () => {
    const readme = withBlog.read('README.md');
    expect(readme).toContain('## Background tasks (Celery)');
    expect(readme).toContain('celery -A config inspect ping --destination celery@$HOSTNAME');
    expect(readme).toMatch(/^\| `CELERY_BROKER_URL` \| .* \| \*\*required\*\*/m);
    expect(readme).toMatch(/^\| Q12 \| Signals \| .*`my_shop\/blog\/tasks\.py` \(`send_newsletter`\)/m);
    expect(readme).toMatch(/^\| Q13 \| .*`my_shop\/blog\/tasks\.py` \(`send_newsletter`, `is_transient`\)/m);
    expect(withoutBlog.read('README.md')).toMatch(/^\| Q13 \| .*`config\/celery\.py` \(`app`\)/m);
    expect(withoutBlog.read('README.md')).not.toMatch(/^\| Q13 \| .*send_newsletter/m);
    for (const row of readme.split('\n').filter((line) => /^\| Q1[23] \|/.test(line))) {
      for (const [, file, symbols] of row.matchAll(/`([\w./]+\.py)`(?: \(([^)]*)\))?/g)) {
        expect(withBlog.files, `${file} (${row})`).toContain(file);
        for (const [, symbol] of (symbols ?? '').matchAll(/`([\w.]+)`/g)) expect(withBlog.read(file!), `${symbol} in ${file}`).toContain(symbol);
      }
    }
  });

  it('teaching comments name Q13; --comments minimal drops them', () => {
    for (const file of ['config/celery.py', 'my_shop/blog/tasks.py', 'config/settings/base.py']) {
      expect(withBlog.read(file), file).toMatch(/Q13/);
      expect(minimal.read(file), file).not.toMatch(/Q13/);
    }
  });

  it('--no-celery leaves nothing behind: no file, import, setting, dependency, target or README line', () => {
    expect(without.files.filter((file) => /celery|tasks\.py|worker/.test(file))).toEqual([]);
    for (const file of without.files) {
      if (file === '.yo-rc.json') continue;
      const content = file === 'README.md' ? readmeWithoutAbsentPatterns(without.read(file)) : without.read(file);
      expect(content, file).not.toMatch(CELERY_MARKERS);
    }
  });
});
