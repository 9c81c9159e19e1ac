import { defineE2E } from './harness.js';

// The minimal preset (no API, no blog) with no database server and no Redis at all: SQLite and
// local memory, Django 6.1 on Python 3.13.
defineE2E({ id: 'sqlite_locmem', args: ['--python', '3.13', '--preset', 'minimal', '--db', 'sqlite', '--cache', 'locmem'], django: '6.1', python: '3.13', services: false, api: false, example: false, redisDb: 13 });
