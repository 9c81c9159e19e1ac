import { describe, expect, it } from 'vitest';
import { manifest } from '../../generators/app/manifest.js';
import { outputPath } from '../../generators/app/render.js';
import { generate } from '../helpers.js';
import { readmeWithoutAbsentPatterns } from './pattern-map.js';

/** What only Channels brings: any of these in a project without --channels is something left behind. */
const CHANNELS_MARKERS = [/channels|daphne|uvicorn|websocket|ChatConsumer|\bchat\b|Q22/i, /CHANNEL_LAYERS|ASGI_APPLICATION/];

describe('--channels: the chat app (Q22)', async () => {
  const withChat = await generate({ channels: true });
  const chatOnly = await generate({ channels: true, example: false, api: 'none', auth: 'session', cache: 'locmem', db: 'sqlite', comments: 'minimal' });
  const without = await generate({ channels: false });
  const withoutAnything = await generate({ channels: false, example: false, api: 'none', auth: 'session' });
  const chatFiles = manifest
    .filter((group) => group.when?.({ channels: true } as never) && !group.when?.({ channels: false } as never))
    .flatMap((group) => group.templates)
    .map((template) => outputPath(template, 'my_shop'));

  it('writes the chat app and its tests, and wires it into settings and URLs', () => {
    expect(chatFiles).toEqual(expect.arrayContaining(['my_shop/chat/consumers.py', 'my_shop/chat/routing.py', 'tests/chat/test_two_servers.py']));
    for (const project of [withChat, chatOnly]) {
      for (const file of chatFiles) expect(project.files).toContain(file);
      const base = project.read('config/settings/base.py');
      expect(base).toContain('"my_shop.chat",');
      expect(base).toContain('ASGI_APPLICATION = "config.asgi.application"');
      expect(base).toMatch(/CHANNEL_LAYERS = \{"default": channel_layer_config\(redis_url\)\}/);
      expect(base).toContain('"channels.layers.InMemoryChannelLayer"');
      expect(project.read('config/urls.py')).toContain('path("", include("my_shop.chat.urls"))');
    }
  });

  it("routes the article's ChatConsumer behind the origin check and the session auth", () => {
    const asgi = withChat.read('config/asgi.py');
    expect(asgi).toContain('ProtocolTypeRouter(');
    expect(asgi).toMatch(/"http": django_application/);
    expect(asgi).toMatch(/"websocket": AllowedHostsOriginValidator\(\s*AuthMiddlewareStack\(URLRouter\(websocket_urlpatterns\)\)/);
    expect(asgi).toContain('os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")');
    // Django is set up before anything that imports models.
    expect(asgi.indexOf('get_asgi_application()')).toBeLessThan(asgi.indexOf('from my_shop.chat.routing'));
    expect(withChat.read('my_shop/chat/routing.py')).toMatch(/re_path\(rf"\^ws\/chat\/\{ROOM_NAME\}\/\$", ChatConsumer\.as_asgi\(\)\)/);
    const consumers = withChat.read('my_shop/chat/consumers.py');
    expect(consumers).toMatch(/class ChatConsumer\(AsyncWebsocketConsumer\):/);
    for (const method of ['connect', 'disconnect', 'receive', 'chat_message']) expect(consumers).toContain(`async def ${method}(`);
  });

  it('serves WebSockets with daphne in development only and with uvicorn workers in production', () => {
    const pyproject = withChat.read('pyproject.toml');
    const [main, dev] = pyproject.split('[dependency-groups]');
    for (const pin of ['channels==', 'channels-redis==', 'uvicorn==', 'uvicorn-worker==', 'websockets==']) expect(main).toContain(`"${pin}`);
    expect(main).not.toContain('daphne');
    for (const pin of ['daphne==', 'pytest-asyncio==', 'types-channels==']) expect(dev).toContain(`"${pin}`);
    expect(withChat.read('config/settings/local.py')).toContain('INSTALLED_APPS = ["daphne", *INSTALLED_APPS]');
    expect(withChat.read('config/settings/base.py')).not.toContain('"daphne"');
    const gunicorn = withChat.read('deploy/gunicorn.conf.py');
    expect(gunicorn).toContain('worker_class = "uvicorn_worker.UvicornWorker"');
    expect(gunicorn).not.toContain('threads');
    expect(withChat.read('README.md')).toContain('\n.venv/bin/gunicorn -c deploy/gunicorn.conf.py config.asgi\n```');
    expect(without.read('README.md')).toContain('\n.venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi\n```');
  });

  it('requires REDIS_URL in production for the layer, even with the local-memory cache', () => {
    const production = chatOnly.read('config/settings/production.py');
    expect(production).toContain('CHANNEL_LAYERS = {"default": channel_layer_config(env_required("REDIS_URL"))}');
    expect(production).not.toContain('CACHES');
    expect(chatOnly.read('Makefile')).toMatch(/\tREDIS_URL=\S+ \\\n/);
    expect(chatOnly.read('config/settings/test.py')).toMatch(/CHANNEL_LAYERS = \{\n\s+"default": channel_layer_config\(redis\._replace\(path=f"\/\{test_database\}"\)\.geturl\(\)\)/);
    expect(chatOnly.read('tests/test_settings.py')).toContain('"REDIS_URL"]');
  });

  it('closes database connections after each request under ASGI', () => {
    expect(withChat.read('config/env.py')).toContain('"CONN_MAX_AGE": env_int("DJANGO_CONN_MAX_AGE", default=0)');
    expect(without.read('config/env.py')).toContain('"CONN_MAX_AGE": env_int("DJANGO_CONN_MAX_AGE", default=60)');
  });

  it('gives the chat the login pages without the blog, and links it from the pages', () => {
    for (const file of ['my_shop/core/templates/base.html', 'my_shop/core/templates/registration/login.html']) expect(chatOnly.files).toContain(file);
    const urls = chatOnly.read('config/urls.py');
    expect(urls).toContain('path("accounts/login/", auth_views.LoginView.as_view(), name="login")');
    expect(urls).not.toContain('blog');
    const settings = chatOnly.read('config/settings/base.py');
    expect(settings).toContain('LOGIN_URL = "login"');
    expect(settings).toContain('LOGIN_REDIRECT_URL = "home"');
    expect(settings).not.toContain('MEDIA_ROOT');
    const nav = chatOnly.read('my_shop/core/templates/base.html');
    expect(nav).toContain(`{% url 'chat-room' 'lobby' %}`);
    expect(nav).not.toMatch(/article|blog/i);
    expect(withChat.read('my_shop/core/templates/base.html')).toMatch(/article-list[\s\S]*chat-room/);
    expect(chatOnly.read('my_shop/core/templates/core/home.html')).toContain(`{% url 'chat-room' 'lobby' %}`);
    expect(withoutAnything.files.filter((file) => /registration|base\.html/.test(file))).toEqual([]);
  });

  it('documents the chat, the layer and the production server in the README, with the Q22 row', () => {
    for (const project of [withChat, chatOnly]) {
      const readme = project.read('README.md');
      expect(readme).toContain('## Real time (Channels)');
      expect(readme).toContain('http://127.0.0.1:8000/chat/lobby/');
      expect(readme).toContain('proxy_set_header Upgrade $http_upgrade;');
      expect(readme).toMatch(/^\| `REDIS_URL` \| .*channel layer/m);
      const row = readme.split('\n').find((line) => /^\| Q22 \| .*`my_shop\/chat\/consumers\.py`/.test(line));
      expect(row).toBeDefined();
      for (const [, file, symbols] of row!.matchAll(/`([\w./]+\.py)`(?: \(([^)]*)\))?/g)) {
        expect(project.files, file).toContain(file);
        for (const [, symbol] of (symbols ?? '').matchAll(/`(\w+)`/g)) expect(project.read(file!), `${symbol} in ${file}`).toContain(symbol);
      }
    }
  });

  it('teaching comments name Q22; --comments minimal drops them', () => {
    for (const file of ['config/asgi.py', 'config/settings/base.py', 'my_shop/chat/routing.py']) {
      expect(withChat.read(file), file).toMatch(/# Q22: /);
    }
    for (const file of chatOnly.files.filter((name) => !['README.md', '.yo-rc.json'].includes(name))) {
      expect(chatOnly.read(file), file).not.toContain('Q22');
    }
  });

  it('--no-channels leaves nothing behind: no file, import, setting, dependency or README line', () => {
    for (const project of [without, withoutAnything]) {
      expect(project.files.filter((file) => /chat/.test(file))).toEqual([]);
      for (const file of project.files) {
        if (file === '.yo-rc.json') continue;
        const content = file === 'README.md' ? readmeWithoutAbsentPatterns(project.read(file)) : project.read(file);
        for (const marker of CHANNELS_MARKERS) expect(content, file).not.toMatch(marker);
      }
    }
  });
});
