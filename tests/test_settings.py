"""Settings come from the environment with an embedded default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAN_KEYS = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_KEYS and not k.startswith("SECURE_")}
    base.update(env)
    base["DJANGO_SETTINGS_MODULE"] = "config.settings"
    script = "import django; django.setup(); from django.conf import settings; " + code
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=base, capture_output=True, text=True)


def test_without_variables_it_runs_on_sqlite_eager_celery_and_console_mail():
    result = run_django(
        "d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], settings.CELERY_TASK_ALWAYS_EAGER, settings.EMAIL_BACKEND)"
    )
    assert result.returncode == 0, result.stderr
    engine, name, eager, mail = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "db.sqlite3")
    assert eager == "True"
    assert mail.endswith("console.EmailBackend")


def test_database_url_switches_to_postgresql_and_broker_url_to_a_real_worker():
    result = run_django(
        "d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/inclusion",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql", "inclusion", "127.0.0.1", "False", "redis://127.0.0.1:6379/0",
    ]


def test_redis_url_is_enough_for_the_broker():
    result = run_django("print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)",
                        REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.stdout.split() == ["False", "redis://127.0.0.1:6379/3"]


def test_a_bad_boolean_fails_loudly():
    result = run_django("print(settings.DEBUG)", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "production-secret-0123456789-abcdefghijklmnop",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "partnerschap.example",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "true",
    "STATIC_MANIFEST": "true",
}


def test_check_deploy_is_clean_with_the_production_variables():
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_KEYS and not k.startswith("SECURE_")}
    base.update(PRODUCTION)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=base, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_them():
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_KEYS and not k.startswith("SECURE_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=base, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr  # no HSTS
