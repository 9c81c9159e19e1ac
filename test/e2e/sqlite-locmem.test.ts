import { defineE2E } from './harness.js';

// The minimal preset (no API, no blog) with no database server and no Redis at all: SQLite, local
// memory and Channels on its in-memory layer, Django 6.1 on Python 3.13.
defineE2E({ id: 'sqlite_locmem', args: ['--python', '3.13', '--preset', 'minimal', '--db', 'sqlite', '--cache', 'locmem', '--channels'], django: '6.1', python: '3.13', services: false, api: false, example: false, celery: false, channels: true, redisDb: 14 });
