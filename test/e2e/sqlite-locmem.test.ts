import { defineE2E } from './harness.js';

// No database server and no Redis at all: SQLite and local memory, Django 6.1 on Python 3.13.
defineE2E({ id: 'sqlite_locmem', args: ['--python', '3.13', '--db', 'sqlite', '--cache', 'locmem'], django: '6.1', python: '3.13', services: false, redisDb: 13 });
