import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../generators/app/answers.js';
import { allCombinations } from '../../generators/app/dependencies.js';
import { renderProject, templateContext } from '../../generators/app/render.js';
import { type Answers, PRESETS, PYTHONS } from '../../generators/app/schema.js';

/**
 * --docker's files checked by the tools that run them, without a Docker engine: hadolint reads
 * the Dockerfile, Debian's docker-compose (1.29) parses and interpolates the compose file, and
 * nginx -t loads deploy/nginx.conf in a temporary prefix. Tools come from CDBP_TOOLS_BIN, else PATH.
 */
const toolsPath = [process.env.CDBP_TOOLS_BIN, process.env.PATH].filter(Boolean).join(delimiter);
const run = (command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
  execa(command, args, { reject: false, all: true, extendEnv: false, ...options, env: { PATH: toolsPath, ...options.env } });

const names = { directory: '/tmp/shop', slug: 'shop', name: 'Shop' };
const label = (a: Answers): string =>
  `${a.preset} python=${a.python} db=${a.db} api=${a.api} cache=${a.cache} celery=${a.celery} channels=${a.channels} example=${a.example} comments=${a.comments}`;

/** Each preset with --docker, then combinations until every value of the options --docker reads is taken. */
function coveringSet(): Answers[] {
  const chosen = PRESETS.map((preset) => resolveAnswers({ preset, docker: true, python: '3.12' }, names, []).answers);
  const docker = allCombinations().filter((a) => a.docker);
  const values = (a: Answers): string[] =>
    (['python', 'db', 'api', 'cache', 'celery', 'channels', 'example', 'comments'] as const).map((key) => `${key}=${String(a[key])}`);
  const uncovered = new Set(docker.flatMap(values));
  // Pairs too for the three that change the compose file together.
  const pairs = (a: Answers): string[] => [`db=${a.db}&celery=${a.celery}`, `db=${a.db}&channels=${a.channels}`, `celery=${a.celery}&channels=${a.channels}`];
  for (const a of docker) for (const pair of pairs(a)) uncovered.add(pair);
  for (const a of chosen) for (const v of [...values(a), ...pairs(a)]) uncovered.delete(v);
  while (uncovered.size > 0) {
    const gain = (a: Answers): number => [...values(a), ...pairs(a)].filter((v) => uncovered.has(v)).length;
    const best = docker.reduce((a, b) => (gain(b) > gain(a) ? b : a));
    chosen.push(best);
    for (const v of [...values(best), ...pairs(best)]) uncovered.delete(v);
  }
  return chosen;
}

const REQUIRED = ['DJANGO_SECRET_KEY', 'DJANGO_ALLOWED_HOSTS'];
const combinations = coveringSet();
const root = mkdtempSync(join(tmpdir(), 'cdbp-docker-'));
const projects = combinations.map((answers, i) => {
  const dir = join(root, `p${i}`);
  const files = renderProject(templateContext(answers, 'cmd'));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { answers, dir, files, name: label(answers) };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`--docker (${combinations.length} combinations: each preset, each Python, db, Celery and Channels)`, () => {
  it('covers each Python, database, and Celery / Channels on and off', () => {
    for (const python of PYTHONS) expect(combinations.some((a) => a.python === python), python).toBe(true);
    for (const db of ['postgres', 'sqlite']) expect(combinations.some((a) => a.db === db), db).toBe(true);
    for (const on of [true, false]) {
      expect(combinations.some((a) => a.celery === on && a.channels === on)).toBe(true);
      expect(combinations.some((a) => a.celery === on && a.channels !== on)).toBe(true);
    }
  });

  it('writes nothing of Docker without --docker', () => {
    const files = renderProject(templateContext(resolveAnswers({ preset: 'full', docker: false, python: '3.12' }, names, []).answers, 'cmd'));
    expect([...files.keys()].filter((path) => /docker|nginx/i.test(path))).toEqual([]);
  });

  it('hadolint finds nothing in any Dockerfile', async () => {
    const results = await Promise.all(projects.map(({ dir }) => run('hadolint', ['--no-color', 'Dockerfile'], { cwd: dir })));
    results.forEach((result, i) => expect(`${result.exitCode}\n${result.all}`, projects[i]!.name).toBe('0\n'));
  });

  it('builds a slim image of the chosen Python, runs it as a non-root user, probes /health/ and bakes in no secret', () => {
    for (const { answers, files, name } of projects) {
      const dockerfile = files.get('Dockerfile')!;
      expect(dockerfile.match(/^FROM .*$/gm), name).toEqual([`FROM python:${answers.python}-slim AS build`, `FROM python:${answers.python}-slim`]);
      expect(dockerfile, name).toMatch(/^USER 10001:10001$/m);
      expect(dockerfile, name).toMatch(/^HEALTHCHECK .*\n.*http:\/\/127\.0\.0\.1:8000\/health\//m);
      expect(dockerfile, name).toContain('collectstatic --no-input');
      expect(dockerfile, name).toContain('ENV UV_COMPILE_BYTECODE=1');
      expect(dockerfile, name).toContain(`"config.${answers.channels ? 'asgi' : 'wsgi'}"]`);
      // The build-time values are on the RUN line only: no ENV line carries a secret or a service.
      const env = dockerfile.split('\n\n').filter((block) => block.startsWith('ENV ')).join('\n');
      expect(env, name).not.toMatch(/SECRET|DATABASE_URL|REDIS_URL|BROKER/);
      // The real secrets stay out of the build context.
      const ignore = files.get('.dockerignore')!.split('\n');
      for (const entry of ['.env', '.env.*', '.venv/', '.git/', 'media/', 'staticfiles/', 'deploy/certs/']) expect(ignore, `${name}: ${entry}`).toContain(entry);
      expect(dockerfile, name).not.toContain(files.get('.env')!.match(/^DJANGO_SECRET_KEY=(.*)$/m)![1]!);
      expect(files.get('docker-compose.yml')!, name).not.toContain(files.get('.env')!.match(/^DJANGO_SECRET_KEY=(.*)$/m)![1]!);
    }
  });

  const envFile = (dir: string, values: Record<string, string>): string => {
    const path = join(dir, '.env.production');
    writeFileSync(path, Object.entries(values).map(([key, value]) => `${key}=${value}\n`).join(''));
    return path;
  };
  const dummies = { DJANGO_SECRET_KEY: 'dummy-key', DJANGO_ALLOWED_HOSTS: 'example.com', POSTGRES_PASSWORD: 'dummy' };
  const config = (dir: string, envPath: string) => run('docker-compose', ['--env-file', envPath, '-f', 'docker-compose.yml', 'config'], { cwd: dir });

  it('docker-compose accepts every compose file, with the services each combination needs', { timeout: 60_000 }, async () => {
    const results = await Promise.all(projects.map(({ dir }) => config(dir, envFile(dir, dummies))));
    results.forEach((result, i) => {
      const { answers, name } = projects[i]!;
      expect(result.exitCode, `${name}\n${result.all}`).toBe(0);
      // The top-level names under `services:`, up to the next top-level key (networks, volumes).
      const servicesBlock = /^services:\n((?: .*\n)*)/m.exec(result.stdout)?.[1] ?? '';
      const services = [...servicesBlock.matchAll(/^ {2}(\w+):$/gm)].map((m) => m[1]);
      const expected = ['migrate', 'web', 'nginx'];
      if (answers.celery) expected.push('worker', 'beat');
      if (answers.db === 'postgres') expected.push('db');
      if (answers.cache === 'redis' || answers.celery || answers.channels) expected.push('redis');
      for (const service of expected) expect(services, `${name}: ${service}`).toContain(service);
      for (const service of ['worker', 'beat', 'db', 'redis'].filter((s) => !expected.includes(s))) expect(services, `${name}: ${service}`).not.toContain(service);
      expect(result.stdout, name).toMatch(/condition: service_completed_successfully/);
      if (answers.db === 'postgres') expect(result.stdout, name).toContain('DATABASE_URL: postgres://app:dummy@db:5432/app');
      else expect(result.stdout, name).toContain('DATABASE_URL: sqlite:////app/data/db.sqlite3');
      expect(result.stdout.includes('REDIS_URL'), name).toBe(answers.cache === 'redis' || answers.channels);
      expect(result.stdout.includes('CELERY_BROKER_URL'), name).toBe(answers.celery);
    });
  });

  it('docker-compose refuses to start without a required variable, and names it', { timeout: 60_000 }, async () => {
    // One project per database is enough: the variables are the same in every compose file of a database.
    const perDatabase = ['postgres', 'sqlite'].map((db) => projects.find(({ answers }) => answers.db === db)!);
    const cases = perDatabase.flatMap(({ answers, dir, name }) =>
      [...REQUIRED, ...(answers.db === 'postgres' ? ['POSTGRES_PASSWORD'] : [])].map((missing) => ({ dir, name, missing })),
    );
    const results = await Promise.all(
      cases.map(({ dir, missing }, i) => {
        const values = Object.fromEntries(Object.entries(dummies).filter(([key]) => key !== missing));
        return config(dir, envFile(mkdtempSync(join(root, `env${i}-`)), values));
      }),
    );
    results.forEach((result, i) => {
      const { name, missing } = cases[i]!;
      expect(result.exitCode, `${name} without ${missing}`).not.toBe(0);
      expect(result.all, `${name} without ${missing}`).toContain(`${missing} is missing; put it in .env.production`);
    });
  });

  describe('nginx -t', () => {
    const certs = join(root, 'certs');
    beforeAll(async () => {
      mkdirSync(certs);
      const openssl = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(certs, 'privkey.pem'), '-out', join(certs, 'fullchain.pem')]);
      expect(openssl.exitCode, openssl.all).toBe(0);
    });

    it('loads every deploy/nginx.conf inside the http block of a main config, as the nginx image does', async () => {
      const mimeTypes = ['/etc/nginx/mime.types'].find((path) => existsSync(path));
      const results = await Promise.all(
        projects.map(({ dir }) => {
          const prefix = join(dir, 'nginx-test');
          mkdirSync(prefix);
          // Only the names that exist inside compose change: the upstream host, the mounted certificates.
          const site = readFileSync(join(dir, 'deploy/nginx.conf'), 'utf8').replace('server web:8000;', 'server 127.0.0.1:8000;').replaceAll('/etc/nginx/certs/', `${certs}/`);
          writeFileSync(join(prefix, 'default.conf'), site);
          writeFileSync(
            join(prefix, 'nginx.conf'),
            `pid ${prefix}/nginx.pid;\nevents {}\nhttp {\n${mimeTypes ? `    include ${mimeTypes};\n` : ''}    include ${prefix}/default.conf;\n}\n`,
          );
          return run('nginx', ['-t', '-q', '-e', 'stderr', '-p', prefix, '-c', join(prefix, 'nginx.conf')]);
        }),
      );
      results.forEach((result, i) => expect(`${result.exitCode}\n${result.all}`, projects[i]!.name).toBe('0\n'));
    });

    it('forwards the headers gunicorn trusts, upgrades WebSockets with Channels, serves media with the blog', () => {
      for (const { answers, files, name } of projects) {
        const nginx = files.get('deploy/nginx.conf')!;
        expect(nginx, name).toContain('proxy_set_header X-Forwarded-Proto $scheme;');
        expect(nginx, name).toMatch(/^ {4}gzip on;$/m);
        expect(nginx, name).toContain('proxy_read_timeout');
        expect(nginx.includes('location /ws/'), name).toBe(answers.channels);
        expect(nginx.includes('proxy_set_header Upgrade $http_upgrade;'), name).toBe(answers.channels);
        expect(nginx.includes('location /media/'), name).toBe(answers.example);
        expect(nginx.includes('add_header Content-Security-Policy "sandbox";'), name).toBe(answers.example);
        // gunicorn reads the proxy's network from FORWARDED_ALLOW_IPS: the compose network nginx shares with web.
        expect(files.get('docker-compose.yml')!, name).toContain('FORWARDED_ALLOW_IPS: ${PROXY_SUBNET:-172.31.250.0/24}');
      }
    });
  });
});
