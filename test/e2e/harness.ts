/**
 * End-to-end: generate a project with the published bin, install it for real, and run everything
 * DESIGN §4 calls "works" — on SQLite with no env, on PostgreSQL + Redis with env, and under
 * production settings (check --deploy, then gunicorn serving /health/).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import WebSocket, { type ClientOptions } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../dist/cli.js');
const POSTGRES = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Variables a developer's shell might carry that would change what the project sees. */
const CLEAN_ENV = Object.fromEntries(
  ['DATABASE_URL', 'REDIS_URL', 'DJANGO_SETTINGS_MODULE', 'DJANGO_SECRET_KEY', 'DJANGO_ALLOWED_HOSTS', 'VIRTUAL_ENV', 'WEB_CONCURRENCY', 'GUNICORN_BIND', 'GUNICORN_THREADS', 'GUNICORN_CMD_ARGS', 'FORWARDED_ALLOW_IPS'].map((k) => [k, undefined]),
);

/** The schemathesis that test/global-setup.ts installed beside uv. */
function schemathesis(): string {
  const path = process.env.CDBP_SCHEMATHESIS;
  if (!path) throw new Error('CDBP_SCHEMATHESIS is unset: test/global-setup.ts installs schemathesis');
  return path;
}

export interface E2ECase {
  /** Also names the PostgreSQL database and picks the Redis database index. */
  id: string;
  args: string[];
  django: '5.2' | '6.1';
  python: string;
  /** Run the PostgreSQL + Redis column too (needs --db postgres --cache redis). */
  services: boolean;
  /** What the arguments (or the default preset) turn on: --api drf, --example, --celery, --channels. */
  api: boolean;
  example: boolean;
  celery: boolean;
  channels: boolean;
  /** Drop uv from PATH: install through python -m venv + pip, as a user with nothing but Python. */
  withoutUv?: boolean;
  /** The project's Redis database; its tests take the next one, a Celery broker the one after, its tests the next. */
  redisDb: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with a Host header of our choosing (fetch forbids setting it). */
function request(port: number, path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, headers, method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const get = (port: number, path: string, headers: Record<string, string>) => request(port, path, headers);

/** The `name=value` pair of a Set-Cookie header of `response`. */
function cookie(response: HttpResponse, name: string): string {
  const header = response.headers['set-cookie'] ?? [];
  const found = (Array.isArray(header) ? header : [header]).find((line) => line.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(response.headers)}`);
  return found.split(';')[0]!;
}

/** Log in through the login form over (forwarded) HTTPS, as a browser would; returns the session cookie. */
async function logIn(port: number, email: string, password: string): Promise<string> {
  const https = { Host: 'example.com', 'X-Forwarded-Proto': 'https' };
  const page = await request(port, '/accounts/login/', https);
  expect(page.status, page.body).toBe(200);
  const csrf = cookie(page, 'csrftoken');
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error('the login page has no CSRF token');
  const form = new URLSearchParams({ csrfmiddlewaretoken: token, username: email, password }).toString();
  const login = await request(port, '/accounts/login/', {
    ...https,
    Cookie: csrf,
    Origin: 'https://example.com',
    Referer: 'https://example.com/accounts/login/',
    'Content-Type': 'application/x-www-form-urlencoded',
  }, 'POST', form);
  expect(login.status, login.body).toBe(302);
  return cookie(login, 'sessionid');
}

/** A connected WebSocket, and the next text frame it receives (within 10 s). */
async function openSocket(url: string, options: ClientOptions): Promise<{ socket: WebSocket; next: () => Promise<string> }> {
  const socket = new WebSocket(url, options);
  const frames: string[] = [];
  const waiting: ((frame: string) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const frame = data.toString('utf8');
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`handshake answered ${response.statusCode}`)));
  });
  const next = (): Promise<string> => {
    const frame = frames.shift();
    if (frame !== undefined) return Promise.resolve(frame);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame within 10 s')), 10_000);
      waiting.push((received) => {
        clearTimeout(timer);
        resolve(received);
      });
    });
  };
  return { socket, next };
}

/** The HTTP status a WebSocket handshake is refused with, or 101 when the server accepts it (within 10 s). */
function handshakeStatus(url: string, options: ClientOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    const settle = (status: number) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(status);
    };
    const timer = setTimeout(() => reject(new Error('no answer to the handshake within 10 s')), 10_000);
    socket.once('open', () => settle(101));
    socket.once('unexpected-response', (_request, response) => settle(response.statusCode ?? 0));
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A TCP server that accepts connections and never says a word: a hung database. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return {
    port: address.port,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The commands of the generated README's "Deploy" block: leading NAME=value words become env. */
function deployCommands(readme: string): { env: Record<string, string>; argv: string[] }[] {
  const block = /^## Deploy\n[\s\S]*?```sh\n([\s\S]*?)```/m.exec(readme)?.[1];
  if (!block) throw new Error('the README has no Deploy command block');
  return block.trim().split('\n').map((line) => {
    const words = line.trim().split(/\s+/);
    const env: Record<string, string> = {};
    while (/^[A-Z_]+=/.test(words[0]!)) {
      const [name, value] = words.shift()!.split('=', 2) as [string, string];
      env[name] = value;
    }
    return { env, argv: words };
  });
}

async function psql(sql: string): Promise<void> {
  await execa('psql', [`${POSTGRES}/postgres`, '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
}

export function defineE2E(c: E2ECase): void {
  describe(`e2e ${c.id}: ${c.args.join(' ')}`, () => {
    const cwd = mkdtempSync(join(tmpdir(), `cdbp-e2e-${c.id}-`));
    const root = join(cwd, c.id);
    const py = join(root, '.venv', 'bin', 'python');
    const database = `e2e_${c.id.replace(/\W/g, '_')}`;
    const servicesEnv: Record<string, string> = {
      DATABASE_URL: `${POSTGRES}/${database}`,
      REDIS_URL: `${REDIS}/${c.redisDb}`,
      ...(c.celery ? { CELERY_BROKER_URL: `${REDIS}/${c.redisDb + 2}` } : {}),
    };
    const pathWithoutUv = (process.env.PATH ?? '')
      .split(':')
      .filter((dir) => !existsSync(join(dir, 'uv')))
      .join(':');
    const run = (file: string, args: string[], env: Record<string, string | undefined> = {}) =>
      execa(file, args, { cwd: root, env: { ...CLEAN_ENV, ...env }, all: true, reject: false });
    const ok = async (file: string, args: string[], env: Record<string, string | undefined> = {}): Promise<string> => {
      const result = await run(file, args, env);
      expect(result.exitCode, `${file} ${args.join(' ')}\n${result.all}`).toBe(0);
      return result.all ?? '';
    };

    beforeAll(async () => {
      const env = c.withoutUv ? { PATH: pathWithoutUv } : {};
      const result = await execa('node', [BIN, c.id, '--yes', '--no-git', ...c.args], { cwd, env: { ...CLEAN_ENV, ...env }, all: true, reject: false });
      expect(result.exitCode, result.all).toBe(0);
      expect(result.all).toMatch(c.withoutUv ? /uv not found; installing with python -m venv and pip/ : /Installing with uv/);
      expect(result.all).toMatch(/Steps: render [\d.]+s, install [\d.]+s\n/);
      if (c.services) {
        await psql(`DROP DATABASE IF EXISTS ${database}`);
        await psql(`DROP DATABASE IF EXISTS test_${database}`);
        await psql(`CREATE DATABASE ${database}`);
      }
    });

    afterAll(async () => {
      if (c.services) await psql(`DROP DATABASE IF EXISTS ${database}`);
    });

    it('installed the chosen Django on the chosen Python', async () => {
      const out = await ok(py, ['-c', 'import django, sys; print(django.get_version(), "%d.%d" % sys.version_info[:2])']);
      expect(out.trim()).toMatch(new RegExp(`^${c.django.replace('.', '\\.')}\\.\\d+ ${c.python.replace('.', '\\.')}$`));
    });

    it('passes ruff check, ruff format --check and mypy', async () => {
      await ok(py, ['-m', 'ruff', 'check', '.']);
      await ok(py, ['-m', 'ruff', 'format', '--check', '.']);
      expect(await ok(py, ['-m', 'mypy'])).toMatch(/Success: no issues found in \d+ source files/);
    });

    it('with no env (SQLite): check, migrations up to date, migrate, pytest', async () => {
      expect(await ok(py, ['manage.py', 'check'])).toContain('System check identified no issues');
      expect(await ok(py, ['manage.py', 'makemigrations', '--check', '--dry-run'])).toContain('No changes detected');
      expect(await ok(py, ['manage.py', 'migrate', '--no-input'])).toMatch(/Applying users\.0001_initial\.\.\. OK/);
      expect(existsSync(join(root, 'db.sqlite3'))).toBe(true);
      // The custom manager behind Django's own command: e-mail login, normalised domain, admin role.
      await ok(py, ['manage.py', 'createsuperuser', '--no-input', '--email', 'Boss@EXAMPLE.com'], { DJANGO_SUPERUSER_PASSWORD: 'correct horse battery staple' });
      const check =
        'from django.contrib.auth import authenticate, get_user_model; ' +
        'u = get_user_model().objects.get(); ' +
        'print(u.email, u.role, u.is_staff, u.is_superuser, authenticate(email="BOSS@example.com", password="correct horse battery staple") == u)';
      expect((await ok(py, ['manage.py', 'shell', '--verbosity', '0', '-c', check])).trim().split('\n').pop()).toBe('boss@example.com admin True True True');
      const tests = await ok(py, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider']);
      expect(tests).toMatch(/\b\d+ passed\b/);
      expect(tests).not.toMatch(/\b\d+ (failed|errors?)\b/);
    });

    if (c.services) it('with DATABASE_URL and REDIS_URL (PostgreSQL + Redis): check, migrate, pytest', async () => {
      await ok(py, ['manage.py', 'check', '--database', 'default'], servicesEnv);
      expect(await ok(py, ['manage.py', 'migrate', '--no-input'], servicesEnv)).toMatch(/Applying users\.0001_initial\.\.\. OK/);
      const engine = await ok(py, ['manage.py', 'shell', '--verbosity', '0', '-c', 'from django.db import connection; from django.core.cache import caches; print(connection.vendor, type(caches["default"]).__name__)'], servicesEnv);
      expect(engine.trim().split('\n').pop()).toBe('postgresql RedisCache');
      const tests = await ok(py, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--create-db', '-rs'], servicesEnv);
      expect(tests).toMatch(/\b\d+ passed\b/);
      // With every service given, the real-worker, kill and two-server tests run: nothing is skipped.
      expect(tests).not.toMatch(/\b\d+ (failed|errors?|skipped)\b/);
    });

    if (c.services) describe('production settings', () => {
      // What the README tells a deploy to export; DJANGO_SETTINGS_MODULE only where the README sets it.
      const production = {
        ...servicesEnv,
        DJANGO_SECRET_KEY: randomBytes(40).toString('base64url'),
        DJANGO_ALLOWED_HOSTS: 'example.com',
      };
      const commands = () => deployCommands(readFileSync(join(root, 'README.md'), 'utf8'));
      const https = { Host: 'example.com', 'X-Forwarded-Proto': 'https' };

      /** Start the README's gunicorn command; `stop` returns everything it logged. */
      async function gunicorn(env: Record<string, string>): Promise<{ port: number; stop: () => Promise<string> }> {
        const command = commands().find(({ argv }) => argv[0]!.endsWith('gunicorn'))!;
        expect(command.env, 'gunicorn runs without DJANGO_SETTINGS_MODULE').toEqual({});
        const port = await freePort();
        const server = execa(join(root, command.argv[0]!), command.argv.slice(1), {
          cwd: root,
          env: { ...CLEAN_ENV, ...production, ...env, GUNICORN_BIND: `127.0.0.1:${port}`, WEB_CONCURRENCY: '1' },
          all: true,
          reject: false,
        });
        for (let attempt = 0; attempt < 100; attempt++) {
          // A static file: the readiness probe must not wait on the database.
          if (await get(port, '/static/admin/css/base.css', https).then(() => true, () => false)) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return {
          port,
          stop: async () => {
            server.kill('SIGTERM');
            return (await server).all ?? '';
          },
        };
      }

      it("run the README's deploy commands as written: check --deploy, migrate, collectstatic", async () => {
        const steps = commands().filter(({ argv }) => !argv[0]!.endsWith('gunicorn'));
        expect(steps.map(({ argv }) => argv.slice(2, 4).join(' '))).toEqual(['check --deploy', 'migrate --no-input', 'collectstatic --no-input']);
        const outputs = [];
        for (const { env, argv } of steps) outputs.push(await ok(join(root, argv[0]!), argv.slice(1), { ...production, ...env }));
        expect(outputs[0]).toContain('System check identified no issues');
        expect(outputs[2]).toMatch(/\d+ static files copied to .*staticfiles', \d+ post-processed/);
      });

      it('refuse to start without DJANGO_SECRET_KEY, naming it, even with the development key in .env', async () => {
        expect(readFileSync(join(root, '.env'), 'utf8')).toMatch(/^DJANGO_SECRET_KEY=.+$/m);
        const result = await run(py, ['manage.py', 'check'], { ...production, DJANGO_SETTINGS_MODULE: 'config.settings.production', DJANGO_SECRET_KEY: undefined });
        expect(result.exitCode).not.toBe(0);
        expect(result.all).toMatch(/ImproperlyConfigured: .*DJANGO_SECRET_KEY/);
      });

      it('serve the site through gunicorn with production settings by default', { timeout: 60_000 }, async () => {
        const server = await gunicorn({});
        let log = '';
        try {
          const health = await get(server.port, '/health/', https);
          expect(health.status, health.body).toBe(200);
          expect(JSON.parse(health.body)).toEqual({ status: 'ok', checks: { database: 'ok', cache: 'ok' } });
          expect(health.headers['x-request-duration']).toMatch(/^\d+\.\d{3}s$/);

          // A load balancer probing by IP over plain HTTP, with HEAD: 200, no body, no error logged.
          const probe = await request(server.port, '/health/', { Host: '127.0.0.1' }, 'HEAD');
          expect(probe.status).toBe(200);
          expect(probe.body).toBe('');

          // No debug page: the plain production 404.
          const missing = await get(server.port, '/no-such-page/', https);
          expect(missing.status).toBe(404);
          expect(missing.body).toContain('<h1>Not Found</h1>');
          expect(missing.body).not.toMatch(/DEBUG|Traceback|URLconf|Request Method/);

          // Static files: hashed names in the pages, gzip copies, the original name still served.
          const login = await get(server.port, '/admin/login/', https);
          expect(login.status).toBe(200);
          expect(login.body).toMatch(/\/static\/admin\/css\/base\.[0-9a-f]{12}\.css/);
          expect(login.headers['strict-transport-security']).toBe('max-age=3600');
          const css = await get(server.port, '/static/admin/css/base.css', https);
          expect(css.status).toBe(200);
          expect(css.body).toContain('body');
          const gzipped = await get(server.port, '/static/admin/css/base.css', { ...https, 'Accept-Encoding': 'gzip' });
          expect(gzipped.headers['content-encoding']).toBe('gzip');

          // Every other page is HTTPS-only.
          const plain = await get(server.port, '/admin/login/', { Host: 'example.com' });
          expect(plain.status).toBe(301);
          expect(plain.headers.location).toBe('https://example.com/admin/login/');
        } finally {
          log = await server.stop();
        }
        const django = log.split('\n').filter((line) => line.startsWith('{'));
        expect(django.map((line) => JSON.parse(line).message)).toContain('Not Found: /no-such-page/');
        expect(log).not.toMatch(/Traceback|DisallowedHost|"levelname": "ERROR"/);
      });

      if (c.api) it('answer a schema-driven fuzzer (schemathesis) with no 5xx and only documented answers', { timeout: 240_000 }, async () => {
        const password = 'correct horse battery staple';
        await ok(py, ['manage.py', 'createsuperuser', '--no-input', '--email', 'fuzz@example.com'], {
          ...production,
          DJANGO_SETTINGS_MODULE: 'config.settings.production',
          DJANGO_SUPERUSER_PASSWORD: password,
        });
        // Throttling is tested by the generated suite; here it would only answer 429s.
        const unthrottled = Object.fromEntries(['ANON', 'USER', 'AUTH'].map((scope) => [`DJANGO_API_THROTTLE_${scope}`, '100000/minute']));
        const server = await gunicorn(unthrottled);
        try {
          const credentials = JSON.stringify({ email: 'fuzz@example.com', password });
          const token = await request(server.port, '/api/auth/token/', { ...https, 'Content-Type': 'application/json' }, 'POST', credentials);
          // JWT and DRF tokens go in a header; session auth (cookies + CSRF) is fuzzed anonymously.
          const auth = token.status === 200 ? (JSON.parse(token.body) as { access?: string; token?: string }) : {};
          const header = auth.access ? `Bearer ${auth.access}` : auth.token ? `Token ${auth.token}` : undefined;
          expect(header !== undefined, token.body).toBe(!c.args.includes('session'));
          const checks = 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance';
          const fuzz = await execa(
            schemathesis(),
            [
              'run', `http://127.0.0.1:${server.port}/api/schema/`,
              '-H', 'Host: example.com', '-H', 'X-Forwarded-Proto: https',
              ...(header ? ['-H', `Authorization: ${header}`] : []),
              '--checks', checks, '--max-examples', '5', '--phases', 'coverage,fuzzing', '--seed', '1',
            ],
            // In the project: schemathesis keeps its state in .schemathesis/ of the current directory.
            { cwd: root, reject: false, all: true, env: { NO_COLOR: '1' } },
          );
          expect(fuzz.exitCode, fuzz.all).toBe(0);
          expect(fuzz.all).toMatch(/\d+ generated, \d+ passed/);
        } finally {
          await server.stop();
        }
      });

      if (c.channels) it('carry chat messages over WebSocket through the production server, to a client we did not write (ws)', { timeout: 60_000 }, async () => {
        const email = 'chat@example.com';
        const password = 'correct horse battery staple';
        await ok(py, ['manage.py', 'createsuperuser', '--no-input', '--email', email], {
          ...production,
          DJANGO_SETTINGS_MODULE: 'config.settings.production',
          DJANGO_SUPERUSER_PASSWORD: password,
        });
        const server = await gunicorn({});
        try {
          const session = await logIn(server.port, email, password);
          const url = `ws://127.0.0.1:${server.port}/ws/chat/lobby/`;
          const headers = { Host: 'example.com', 'X-Forwarded-Proto': 'https' };

          // Anonymous, and from a page on another site: refused before the handshake completes.
          expect(await handshakeStatus(url, { headers, origin: 'https://example.com' })).toBe(403);
          expect(await handshakeStatus(url, { headers: { ...headers, Cookie: session }, origin: 'https://evil.example' })).toBe(403);

          const alice = await openSocket(url, { headers: { ...headers, Cookie: session }, origin: 'https://example.com' });
          const bob = await openSocket(url, { headers: { ...headers, Cookie: session }, origin: 'https://example.com' });
          try {
            alice.socket.send(JSON.stringify({ message: 'hello from production' }));
            for (const client of [alice, bob]) {
              const frame = JSON.parse(await client.next()) as Record<string, unknown>;
              expect(frame.message).toBe('hello from production');
              expect(JSON.stringify(frame)).not.toContain(email);
            }
            // A frame that is not JSON gets an error frame, and the connection stays usable.
            alice.socket.send('not json');
            expect(JSON.parse(await alice.next())).toHaveProperty('error');
            alice.socket.send(JSON.stringify({ message: 'still here' }));
            expect((JSON.parse(await bob.next()) as { message: string }).message).toBe('still here');
          } finally {
            alice.socket.close();
            bob.socket.close();
          }
        } finally {
          const log = await server.stop();
          expect(log).not.toMatch(/Traceback|"levelname": "ERROR"/);
        }
      });

      if (c.celery) it("run the README's Celery worker, its health probe and beat, as written", { timeout: 90_000 }, async () => {
        const readme = readFileSync(join(root, 'README.md'), 'utf8');
        const command = (kind: string): string => {
          const line = readme.split('\n').find((text) => text.startsWith('DJANGO_SETTINGS_MODULE=') && text.includes(`/celery -A config ${kind}`));
          if (!line) throw new Error(`the README has no celery ${kind} command`);
          return line;
        };
        // bash, as a user pastes them: the probe's $HOSTNAME is expanded by the shell.
        const shell = (line: string) => execa('bash', ['-c', line], { cwd: root, env: { ...CLEAN_ENV, ...production }, all: true, reject: false });
        const worker = shell(command('worker'));
        const beat = shell(command('beat'));
        try {
          let probe = await shell(command('inspect ping'));
          for (let attempt = 0; probe.exitCode !== 0 && attempt < 60; attempt++) {
            await new Promise((resolve) => setTimeout(resolve, 500));
            probe = await shell(command('inspect ping'));
          }
          expect(probe.exitCode, probe.all).toBe(0);
          expect(probe.all).toMatch(/pong/);
        } finally {
          worker.kill('SIGTERM');
          beat.kill('SIGTERM');
        }
        const [workerLog, beatLog] = [(await worker).all ?? '', (await beat).all ?? ''];
        expect(workerLog).toMatch(/ready/);
        expect(workerLog).toMatch(/newsletter/);
        expect(beatLog).toMatch(/beat: Starting/);
        expect(workerLog + beatLog).not.toMatch(/Traceback|CRITICAL/);
      });

      // With no broker at all, the worker's probe fails: it must not report a dead worker as healthy.
      if (c.celery) it('answer the health probe with a failure when no worker is there', { timeout: 60_000 }, async () => {
        const readme = readFileSync(join(root, 'README.md'), 'utf8');
        const line = readme.split('\n').find((text) => text.includes('/celery -A config inspect ping'))!;
        const probe = await execa('bash', ['-c', line], { cwd: root, env: { ...CLEAN_ENV, ...production }, all: true, reject: false });
        // EX_UNAVAILABLE (69) with celery's message: a missing celery or a typo would exit otherwise.
        expect(probe.exitCode, probe.all).toBe(69);
        expect(probe.all).toMatch(/No nodes replied/);
      });

      it('answer 503 within the timeouts when the database and Redis accept but never answer', { timeout: 60_000 }, async () => {
        const hung = await silentServer();
        // And X-Forwarded-Proto from an address outside FORWARDED_ALLOW_IPS is ignored.
        const server = await gunicorn({
          DATABASE_URL: `postgres://postgres@127.0.0.1:${hung.port}/hung`,
          REDIS_URL: `redis://127.0.0.1:${hung.port}/0`,
          FORWARDED_ALLOW_IPS: '127.0.0.2',
        });
        try {
          const started = Date.now();
          const health = await get(server.port, '/health/', { Host: 'example.com' });
          const seconds = (Date.now() - started) / 1000;
          expect(health.status, health.body).toBe(503);
          expect(JSON.parse(health.body)).toEqual({ status: 'error', checks: { database: 'error', cache: 'error' } });
          // The defaults: a 5 s database connect timeout, then a 3 s Redis socket timeout.
          expect(seconds).toBeLessThan(5 + 3 + 3);
          expect((await get(server.port, '/admin/login/', https)).status).toBe(301);
          // Only /health/ skips ALLOWED_HOSTS.
          expect((await get(server.port, '/admin/login/', { Host: '127.0.0.1' })).status).toBe(400);
        } finally {
          await server.stop();
          await hung.close();
        }
      });
    });

    it('runs make superuser without prompts, and make check', async () => {
      const env = {
        ...(c.withoutUv ? { PATH: pathWithoutUv } : {}),
        DJANGO_SUPERUSER_EMAIL: 'Make@Example.COM',
        DJANGO_SUPERUSER_PASSWORD: 'correct horse battery staple',
      };
      expect(await ok('make', ['superuser'], env)).toContain('Superuser created successfully.');
      const again = await run('make', ['superuser'], { ...env, DJANGO_SUPERUSER_EMAIL: 'make@example.com' });
      expect(again.exitCode, again.all).not.toBe(0);
      expect(again.all).toContain('Error: That email address is already taken.');

      const checked = await ok('make', ['check'], env);
      expect(checked).toContain('check --deploy --fail-level WARNING');
      expect(checked).toContain('System check identified no issues');
      expect(checked).toContain('No changes detected');
      // A model change without its migration fails the target.
      const models = join(root, c.id, 'users', 'models.py');
      const source = readFileSync(models, 'utf8');
      writeFileSync(models, source.replace('max_length=16', 'max_length=17'));
      try {
        const drift = await run('make', ['check'], env);
        expect(drift.exitCode, drift.all).not.toBe(0);
        expect(drift.all).toMatch(/Alter field role on customuser/);
      } finally {
        writeFileSync(models, source);
      }
    });

    if (c.api) it('publishes an OpenAPI schema that validates with no warning', async () => {
      const schema = join(root, 'openapi.yaml');
      await ok(py, ['manage.py', 'spectacular', '--validate', '--fail-on-warn', '--file', schema]);
      const text = readFileSync(join(schema), 'utf8');
      expect(text).toMatch(/^openapi: 3\./m);
      expect(text).toContain('/api/users/me/');
      if (c.example) expect(text).toContain('/api/articles/{');
    });

    if (c.example) it("the blog: every migration reverses and reapplies, seed_demo fills the list", async () => {
      const columns = c.services ? [{}, servicesEnv] : [{}];
      for (const env of columns) {
        await ok(py, ['manage.py', 'migrate', '--no-input'], env);
        expect(await ok(py, ['manage.py', 'migrate', 'blog', 'zero', '--no-input'], env)).toMatch(/Unapplying blog\.0001_initial\.\.\. OK/);
        expect(await ok(py, ['manage.py', 'migrate', '--no-input'], env)).toMatch(/Applying blog\.0001_initial\.\.\. OK/);
        // Twice, as `make dev` runs it on every start: the second run adds nothing.
        await ok(py, ['manage.py', 'seed_demo'], env);
        const count = 'from ' + c.id + '.blog.models import Article; print(Article.published.count())';
        const first = (await ok(py, ['manage.py', 'shell', '--verbosity', '0', '-c', count], env)).trim().split('\n').pop();
        await ok(py, ['manage.py', 'seed_demo'], env);
        const second = (await ok(py, ['manage.py', 'shell', '--verbosity', '0', '-c', count], env)).trim().split('\n').pop();
        expect(Number(first)).toBeGreaterThan(0);
        expect(second).toBe(first);
      }
    });

    it('passes its own pre-commit hooks offline (ruff, mypy: repo local, nothing downloaded)', { timeout: 120_000 }, async () => {
      const home = mkdtempSync(join(tmpdir(), 'cdbp-pre-commit-'));
      const env = {
        PRE_COMMIT_HOME: home,
        GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.com',
        // A proxy that goes nowhere: a hook that tried to download would fail.
        HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9',
      };
      // pre-commit works on a repository's files; the project was generated with --no-git.
      if (!existsSync(join(root, '.git'))) {
        await ok('git', ['init', '-q'], env);
        await ok('git', ['add', '-A'], env);
      }
      const hooks = await ok(join(root, '.venv', 'bin', 'pre-commit'), ['run', '--all-files', '--show-diff-on-failure'], env);
      expect(hooks).toMatch(/ruff.*Passed/);
      expect(hooks).toMatch(/mypy.*Passed/);
      expect(hooks).not.toMatch(/Failed/);

      // make hooks, as the README says: from then on a commit that fails ruff is refused.
      expect(await ok('make', ['hooks'], env)).toMatch(/pre-commit installed/);
      // An undefined name: a finding ruff cannot fix by itself.
      writeFileSync(join(root, 'hook_probe.py'), 'probe = undefined_name\n');
      try {
        await ok('git', ['add', 'hook_probe.py'], env);
        const commit = await run('git', ['commit', '-q', '-m', 'probe'], env);
        expect(commit.exitCode, commit.all).not.toBe(0);
        expect(commit.all).toMatch(/F821/);
      } finally {
        await run('git', ['rm', '-q', '--cached', 'hook_probe.py'], env);
        rmSync(join(root, 'hook_probe.py'));
      }
    });

    it('runs make test and make lint with what setup installed', async () => {
      const env = c.withoutUv ? { PATH: pathWithoutUv } : {};
      expect(await ok('make', ['test'], env)).toMatch(/\b\d+ passed\b/);
      await ok('make', ['lint'], env);
      expect(readFileSync(join(root, '.python-version'), 'utf8').trim()).toBe(c.python);
    });
  });
}
