import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


def load_settings(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_")
        and key not in {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "EMAIL_BACKEND"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import wecd_portal.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "portal.example.eu"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS"),
        # Without a mail server, password-reset links would go to the log.
        (
            {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "portal.eu"},
            "DJANGO_EMAIL_HOST",
        ),
        (
            {
                "DJANGO_SECRET_KEY": "x" * 50,
                "DJANGO_ALLOWED_HOSTS": "portal.eu",
                "DJANGO_EMAIL_HOST": "smtp.example.eu",
                "DJANGO_EMAIL_BACKEND": CONSOLE_BACKEND,
            },
            "DJANGO_EMAIL_BACKEND",
        ),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, message):
    result = load_settings(DJANGO_ENV="production", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_its_secrets():
    result = load_settings(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="portal.example.eu",
        DJANGO_EMAIL_HOST="smtp.example.eu",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "value"),
    [
        # Lossy bitmaps made a search with text and filters 3.6 times slower at 1M.
        ("work_mem", "32MB"),
        # JIT compiling cost a search's facet counts 65 of 440 ms at 1M practices.
        ("jit", "off"),
    ],
)
def test_postgresql_sessions_are_set_for_searches_at_scale(setting, value):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        assert cursor.fetchone()[0] == value


def test_processes_starting_at_once_share_one_local_key(tmp_path):
    """The app server's processes make the local key together: one key for all."""
    script = (
        "import sys, pathlib; from wecd_portal.settings import local_secret_key; "
        "print(local_secret_key(pathlib.Path(sys.argv[1])))"
    )
    key_file = tmp_path / ".secret_key"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(key_file)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}
    assert keys == {key_file.read_text().strip()}
    assert len(keys.pop()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert [path.name for path in tmp_path.iterdir()] == [".secret_key"]


def test_the_file_cache_keeps_each_database_apart(tmp_path):
    """Figures cached for one database are never read for another."""

    def run(database, code):
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from django.core.cache import cache; " + code,
            ],
            cwd=ROOT,
            env={
                **{k: v for k, v in os.environ.items() if "DATABASE_URL" not in k},
                "DJANGO_SETTINGS_MODULE": "wecd_portal.settings",
                "DATABASE_URL": f"sqlite:///{tmp_path / database}",
                "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
            },
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    run("a.sqlite3", "cache.set('facet-counts:', 'from a')")
    assert run("b.sqlite3", "print(cache.get('facet-counts:'))") == "None"
    assert run("a.sqlite3", "print(cache.get('facet-counts:'))") == "from a"
