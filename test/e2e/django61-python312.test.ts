import { defineE2E } from './harness.js';

// Django 6.1 on Python 3.12, PostgreSQL + Redis, minimal comments, the blog, the API with session auth and
// limit-offset, Celery on a Redis broker and Channels on the Redis layer.
defineE2E({ id: 'dj61_py312', args: ['--python', '3.12', '--comments', 'minimal', '--example', '--auth', 'session', '--pagination', 'limit-offset', '--celery', '--channels'], django: '6.1', python: '3.12', services: true, api: true, example: true, celery: true, channels: true, redisDb: 4 });
