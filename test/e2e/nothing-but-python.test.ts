import { detectPythons } from '../../generators/app/python.js';
import { defineE2E } from './harness.js';

// DESIGN: no TTY, --yes, an empty directory, no uv: `make test` must pass with nothing but Python.
// The defaults are the api preset: JWT and cursor pagination over the blog, no Celery, no Channels.
const newest = (await detectPythons())[0]!;
defineE2E({
  id: 'defaults_pip',
  args: [],
  django: newest.version === '3.11' ? '5.2' : '6.1',
  python: newest.version,
  services: true,
  api: true,
  example: true,
  celery: false,
  channels: false,
  withoutUv: true,
  redisDb: 8,
});
