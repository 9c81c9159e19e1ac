import { defineE2E } from './harness.js';

// The full preset on Django 6.1 and Python 3.12: PostgreSQL + Redis, minimal comments, the blog, the API with
// session auth and limit-offset, Celery on a Redis broker, Channels on the Redis layer, Docker files and a GitHub
// Actions workflow.
defineE2E({ id: 'dj61_py312', args: ['--preset', 'full', '--python', '3.12', '--comments', 'minimal', '--auth', 'session', '--pagination', 'limit-offset'], django: '6.1', python: '3.12', services: true, api: true, example: true, celery: true, channels: true, redisDb: 4 });
