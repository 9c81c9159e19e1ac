import { defineE2E } from './harness.js';

// The full preset on Django 5.2 LTS and the oldest supported Python: PostgreSQL + Redis, teaching comments, the
// blog, the API with DRF tokens and page numbers, Celery on a Redis broker, Channels on the Redis layer, Docker
// files, a GitLab CI pipeline and Sentry.
defineE2E({ id: 'dj52_py311', args: ['--preset', 'full', '--python', '3.11', '--auth', 'token', '--pagination', 'page', '--ci', 'gitlab', '--sentry'], django: '5.2', python: '3.11', services: true, api: true, example: true, celery: true, channels: true, redisDb: 0 });
