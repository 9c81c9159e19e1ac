import { describe, expect, it } from 'vitest';
import { generate } from '../helpers.js';

/** The recipe of one Makefile target: its lines up to the next blank line. */
function recipe(makefile: string, target: string): string {
  const match = new RegExp(`^${target}:.*\\n((?:\\t.*\\n)+)`, 'm').exec(makefile);
  expect(match, `no ${target} target`).not.toBeNull();
  return match![1]!;
}

describe('everyday use of the generated project', async () => {
  const teaching = await generate();
  const minimal = await generate({ comments: 'minimal', db: 'sqlite', cache: 'locmem' });

  it('points the next steps at the admin', () => {
    expect(teaching.log).toMatch(/^ {2}make superuser +# then sign in at http:\/\/127\.0\.0\.1:8000\/admin\/$/m);
  });

  it('has make superuser, non-interactive when DJANGO_SUPERUSER_EMAIL is set, after migrate', () => {
    for (const project of [teaching, minimal]) {
      const makefile = project.read('Makefile');
      expect(makefile).toMatch(/^superuser: migrate ## .*\/admin\//m);
      expect(recipe(makefile, 'superuser')).toBe('\t$(PY) manage.py createsuperuser $(if $(DJANGO_SUPERUSER_EMAIL),--no-input)\n');
    }
  });

  it('has make check: check --deploy with every variable production requires, and makemigrations --check', () => {
    for (const project of [teaching, minimal]) {
      const check = recipe(project.read('Makefile'), 'check');
      const required = [...project.read('config/settings/production.py').matchAll(/env_required\("(\w+)"\)/g)].map((m) => m[1]);
      expect(required).toContain('DJANGO_SECRET_KEY');
      for (const name of ['DJANGO_SETTINGS_MODULE', ...required]) expect(check).toMatch(new RegExp(`\\b${name}=\\S+`));
      expect(check).toContain('DJANGO_SETTINGS_MODULE=config.settings.production');
      expect(check).toContain('manage.py check --deploy --fail-level WARNING');
      expect(check).toContain('manage.py makemigrations --check --dry-run');
    }
  });

  it('documents /admin/, make superuser and make check in the README', () => {
    for (const project of [teaching, minimal]) {
      const readme = project.read('README.md');
      expect(readme).toMatch(/^make superuser +# .*\/admin\/$/m);
      expect(readme).toMatch(/^make check +# /m);
      expect(readme).toContain('DJANGO_SUPERUSER_EMAIL');
    }
  });

  it('serves a home page at / that links the admin and the health check', () => {
    for (const project of [teaching, minimal]) {
      expect(project.read('config/urls.py')).toContain('path("", TemplateView.as_view(template_name="core/home.html"), name="home")');
      const page = project.read('my_shop/core/templates/core/home.html');
      expect(page).toContain(`href="{% url 'admin:index' %}"`);
      expect(page).toContain(`href="{% url 'health' %}"`);
      expect(project.has('tests/test_home.py')).toBe(true);
    }
  });
});

describe('identity rules in the generated project', async () => {
  const teaching = await generate();
  const minimal = await generate({ comments: 'minimal' });

  it('constrains the lowered e-mail and the role flags in the model and in 0001_initial', () => {
    for (const project of [teaching, minimal]) {
      const models = project.read('my_shop/users/models.py');
      const migration = project.read('my_shop/users/migrations/0001_initial.py');
      expect(models).toContain('models.UniqueConstraint(Lower("email"), name="users_customuser_email_ci_unique")');
      expect(migration).toMatch(/models\.UniqueConstraint\(\s*django\.db\.models\.functions\.text\.Lower\("email"\),\s*name="users_customuser_email_ci_unique",/);
      expect(models).toContain('name="users_customuser_flags_follow_role"');
      expect(migration).toContain('name="users_customuser_flags_follow_role"');
      expect(models).toContain('use_in_migrations = True');
      expect(migration).toContain('("objects", my_shop.users.models.CustomUserManager())');
    }
  });

  it('states which of role and the staff flags wins, in a teaching comment and the README', () => {
    expect(teaching.read('my_shop/users/models.py')).toMatch(/Q18: .*role data migration/);
    expect(minimal.read('my_shop/users/models.py')).not.toMatch(/Q18/);
    for (const project of [teaching, minimal]) {
      expect(project.read('README.md')).toMatch(/`role` \(`admin`, `manager`, `user`\) is the source of truth/);
      expect(project.read('my_shop/users/admin.py')).toContain('readonly_fields = ("is_staff", "is_superuser")');
    }
  });
});
