import { defineE2E } from './harness.js';

// Django 5.2 LTS on the oldest supported Python, PostgreSQL + Redis, teaching comments, the blog.
defineE2E({ id: 'dj52_py311', args: ['--python', '3.11', '--example'], django: '5.2', python: '3.11', services: true, redisDb: 11 });
