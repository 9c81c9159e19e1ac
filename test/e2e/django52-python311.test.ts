import { defineE2E } from './harness.js';

// Django 5.2 LTS on the oldest supported Python, PostgreSQL + Redis, teaching comments, the blog, the API with DRF
// tokens and page numbers, Celery on a Redis broker and Channels on the Redis layer.
defineE2E({ id: 'dj52_py311', args: ['--python', '3.11', '--example', '--auth', 'token', '--pagination', 'page', '--celery', '--channels'], django: '5.2', python: '3.11', services: true, api: true, example: true, celery: true, channels: true, redisDb: 0 });
