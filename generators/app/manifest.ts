import type { Answers } from './schema.js';

/**
 * Generated files that hold a secret: written readable by their owner only, never committed
 * (the generated .gitignore lists them too, but a kept .gitignore of the user's may not).
 */
export const SECRET_FILES: ReadonlySet<string> = new Set(['.env']);

/** A group of templates written together; `when` (absent: always) decides from the answers. */
export interface ManifestGroup {
  when?: (a: Answers) => boolean;
  templates: string[];
}

/**
 * Every file under `templates/`, each listed exactly once, paths relative to `templates/`.
 * File-level conditions live here only; content-level variation lives in the templates.
 */
export const manifest: ManifestGroup[] = [
  {
    // Project tooling and documentation.
    templates: [
      'README.md.ejs',
      'Makefile.ejs',
      'pyproject.toml.ejs',
      'manage.py.ejs',
      'dot-editorconfig.ejs',
      'dot-env.ejs',
      'dot-env.example.ejs',
      'dot-gitignore.ejs',
      'dot-pre-commit-config.yaml.ejs',
      'dot-python-version.ejs',
      'deploy/gunicorn.conf.py.ejs',
    ],
  },
  {
    // Django project configuration: split settings, URLs, entry points.
    templates: [
      'config/__init__.py.ejs',
      'config/env.py.ejs',
      'config/settings/__init__.py.ejs',
      'config/settings/base.py.ejs',
      'config/settings/local.py.ejs',
      'config/settings/production.py.ejs',
      'config/settings/test.py.ejs',
      'config/urls.py.ejs',
      'config/wsgi.py.ejs',
      'config/asgi.py.ejs',
    ],
  },
  {
    // The project package: core (health check, middleware) and users (custom user model).
    templates: [
      '__slug__/__init__.py.ejs',
      '__slug__/core/__init__.py.ejs',
      '__slug__/core/apps.py.ejs',
      '__slug__/core/middleware.py.ejs',
      '__slug__/core/templates/core/home.html.ejs',
      '__slug__/core/views.py.ejs',
      '__slug__/users/__init__.py.ejs',
      '__slug__/users/admin.py.ejs',
      '__slug__/users/apps.py.ejs',
      '__slug__/users/forms.py.ejs',
      '__slug__/users/migrations/__init__.py.ejs',
      '__slug__/users/migrations/0001_initial.py.ejs',
      '__slug__/users/models.py.ejs',
      '__slug__/users/services.py.ejs',
    ],
  },
  {
    // The article's blog domain (--example): models, services, selectors, signals, views, admin.
    when: (a) => a.example,
    templates: [
      '__slug__/blog/__init__.py.ejs',
      '__slug__/blog/admin.py.ejs',
      '__slug__/blog/apps.py.ejs',
      '__slug__/blog/cache.py.ejs',
      '__slug__/blog/forms.py.ejs',
      '__slug__/blog/management/__init__.py.ejs',
      '__slug__/blog/management/commands/__init__.py.ejs',
      '__slug__/blog/management/commands/seed_demo.py.ejs',
      '__slug__/blog/migrations/__init__.py.ejs',
      '__slug__/blog/migrations/0001_initial.py.ejs',
      '__slug__/blog/migrations/0002_article_published_has_date.py.ejs',
      '__slug__/blog/migrations/0003_article_search_index.py.ejs',
      '__slug__/blog/models.py.ejs',
      '__slug__/blog/selectors.py.ejs',
      '__slug__/blog/services.py.ejs',
      '__slug__/blog/signals.py.ejs',
      '__slug__/blog/templates/blog/article_detail.html.ejs',
      '__slug__/blog/templates/blog/article_form.html.ejs',
      '__slug__/blog/templates/blog/article_list.html.ejs',
      '__slug__/blog/templates/blog/my_articles.html.ejs',
      '__slug__/blog/templatetags/__init__.py.ejs',
      '__slug__/blog/templatetags/blog_extras.py.ejs',
      '__slug__/blog/urls.py.ejs',
      '__slug__/blog/views.py.ejs',
      'tests/blog/__init__.py.ejs',
      'tests/blog/conftest.py.ejs',
      'tests/blog/factories.py.ejs',
      'tests/blog/test_admin.py.ejs',
      'tests/blog/test_article_snippets.py.ejs',
      'tests/blog/test_cache.py.ejs',
      'tests/blog/test_migrations.py.ejs',
      'tests/blog/test_models.py.ejs',
      'tests/blog/test_search.py.ejs',
      'tests/blog/test_seed.py.ejs',
      'tests/blog/test_selectors.py.ejs',
      'tests/blog/test_services.py.ejs',
      'tests/blog/test_signals.py.ejs',
      'tests/blog/test_views.py.ejs',
    ],
  },
  {
    // Session login pages, which the blog's forms and the chat's WebSocket rely on.
    when: (a) => a.example || a.channels,
    templates: ['__slug__/core/templates/base.html.ejs', '__slug__/core/templates/registration/login.html.ejs'],
  },
  {
    // Q22: Channels (--channels): the chat app (ChatConsumer, routing, page) and its tests.
    when: (a) => a.channels,
    templates: [
      '__slug__/chat/__init__.py.ejs',
      '__slug__/chat/apps.py.ejs',
      '__slug__/chat/consumers.py.ejs',
      '__slug__/chat/routing.py.ejs',
      '__slug__/chat/templates/chat/room.html.ejs',
      '__slug__/chat/urls.py.ejs',
      '__slug__/chat/views.py.ejs',
      'tests/chat/__init__.py.ejs',
      'tests/chat/conftest.py.ejs',
      'tests/chat/test_consumers.py.ejs',
      'tests/chat/test_settings.py.ejs',
      'tests/chat/test_two_servers.py.ejs',
      'tests/chat/test_views.py.ejs',
    ],
  },
  {
    // The REST API (--api drf): settings-driven auth, users endpoints, schema, signed webhook.
    when: (a) => a.api === 'drf',
    templates: [
      'config/api_urls.py.ejs',
      '__slug__/core/api/__init__.py.ejs',
      '__slug__/core/api/auth.py.ejs',
      '__slug__/core/api/exceptions.py.ejs',
      '__slug__/core/api/pagination.py.ejs',
      '__slug__/core/api/permissions.py.ejs',
      '__slug__/core/webhooks.py.ejs',
      '__slug__/users/selectors.py.ejs',
      '__slug__/users/api/__init__.py.ejs',
      '__slug__/users/api/serializers.py.ejs',
      '__slug__/users/api/urls.py.ejs',
      '__slug__/users/api/views.py.ejs',
      'tests/api/__init__.py.ejs',
      'tests/api/conftest.py.ejs',
      'tests/api/test_auth.py.ejs',
      'tests/api/test_errors.py.ejs',
      'tests/api/test_schema.py.ejs',
      'tests/api/test_throttling.py.ejs',
      'tests/api/test_users_api.py.ejs',
      'tests/api/test_webhook.py.ejs',
    ],
  },
  {
    // Token credentials (jwt, token) can be refused on any endpoint: the schema says so.
    when: (a) => a.api === 'drf' && a.auth !== 'session',
    templates: ['__slug__/core/api/schema.py.ejs'],
  },
  {
    // The article's API over the blog domain (Q9-Q11): serializers, viewset, filters, permissions.
    when: (a) => a.api === 'drf' && a.example,
    templates: [
      '__slug__/blog/api/__init__.py.ejs',
      '__slug__/blog/api/filters.py.ejs',
      '__slug__/blog/api/permissions.py.ejs',
      '__slug__/blog/api/serializers.py.ejs',
      '__slug__/blog/api/urls.py.ejs',
      '__slug__/blog/api/views.py.ejs',
      'tests/blog/test_api.py.ejs',
    ],
  },
  {
    // Q10: the article's cursor on the indexed published_at, when cursor is the chosen style.
    when: (a) => a.api === 'drf' && a.example && a.pagination === 'cursor',
    templates: ['__slug__/blog/api/pagination.py.ejs'],
  },
  {
    // The test suite.
    templates: [
      'tests/__init__.py.ejs',
      'tests/conftest.py.ejs',
      'tests/factories.py.ejs',
      'tests/test_admin.py.ejs',
      'tests/test_env.py.ejs',
      'tests/test_gunicorn.py.ejs',
      'tests/test_health.py.ejs',
      'tests/test_home.py.ejs',
      'tests/test_middleware.py.ejs',
      'tests/test_settings.py.ejs',
      'tests/test_sqlite.py.ejs',
      'tests/test_users.py.ejs',
    ],
  },
  {
    // Q13: Celery (--celery): the app, the project's own periodic task, their tests.
    when: (a) => a.celery,
    templates: ['config/celery.py.ejs', '__slug__/core/tasks.py.ejs', 'tests/test_celery.py.ejs'],
  },
  {
    // Q13: the blog's tasks (--celery --example): send_newsletter and its delivery records, stale
    // drafts; eager tests, and tests against a real worker process.
    when: (a) => a.celery && a.example,
    templates: [
      '__slug__/blog/migrations/0004_newsletterdelivery.py.ejs',
      '__slug__/blog/tasks.py.ejs',
      'tests/blog/mail.py.ejs',
      'tests/blog/test_tasks.py.ejs',
      'tests/blog/test_worker.py.ejs',
      'tests/blog/worker_settings.py.ejs',
    ],
  },
  {
    // --sentry: errors and request timings reported to Sentry when SENTRY_DSN is set (production.py).
    when: (a) => a.sentry,
    templates: ['tests/test_sentry.py.ejs'],
  },
  {
    // Q25: --docker: the image, the compose stack (web, migrate, services, nginx) and nginx's config.
    when: (a) => a.docker,
    templates: ['Dockerfile.ejs', 'dot-dockerignore.ejs', 'docker-compose.yml.ejs', 'deploy/nginx.conf.ejs'],
  },
  {
    // The project's own CI: the same checks as make lint, typecheck, check and test, on the services production uses.
    when: (a) => a.ci === 'github',
    templates: ['dot-github/workflows/ci.yml.ejs'],
  },
  {
    when: (a) => a.ci === 'gitlab',
    templates: ['dot-gitlab-ci.yml.ejs'],
  },
  {
    // Q25: Django 6.x's Content-Security-Policy header, and the nonces of the inline tags.
    when: (a) => a.django === '6.1',
    templates: ['tests/test_csp.py.ejs'],
  },
];
