import { defineE2E } from './harness.js';

// Django 6.1 on Python 3.12, PostgreSQL + Redis, minimal comments, the blog.
defineE2E({ id: 'dj61_py312', args: ['--python', '3.12', '--comments', 'minimal', '--example'], django: '6.1', python: '3.12', services: true, redisDb: 12 });
