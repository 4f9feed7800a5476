"""The `scrutiny` command as a person runs it: in a subprocess, on a fresh SQLite database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scrutiny.accounts.models import User
from scrutiny.demo import build_demo
from scrutiny.partnerships.models import Agency, Area, Membership, Partnership


def scrutiny(*args: str, var_dir: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"SCRUTINY_VAR_DIR": str(var_dir), **(extra_env or {})})
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "scrutiny.cli", *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_workdays_add_prints_the_due_date(tmp_path):
    result = scrutiny("workdays", "add", "2025-12-19", "5", var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2025-12-30"


def test_workdays_between_counts_after_the_start_up_to_the_end(tmp_path):
    result = scrutiny("workdays", "between", "2025-12-15", "2026-01-08", var_dir=tmp_path)
    assert result.stdout.strip() == "15"


def test_clock_due_prints_the_date_on_its_last_line(tmp_path):
    result = scrutiny("clock", "due", "rapid-review", "2025-12-15", var_dir=tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "2026-01-08"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("workdays", "add", "2025-02-30", "5"), "not a real date"),
        (("workdays", "add", "2025-12-19", "-3"), "zero or more"),
        (("clock", "due", "no-such-rule", "2025-12-15"), "no-such-rule"),
        (("workdays", "add", "2040-01-02", "3"), "outside the bank-holiday data"),
    ],
)
def test_bad_input_gets_a_clear_message_and_a_failing_exit_code(tmp_path, args, says):
    result = scrutiny(*args, var_dir=tmp_path)
    assert result.returncode != 0
    assert says in result.stderr
    assert result.stdout == ""


def test_an_unknown_command_says_so(tmp_path):
    result = scrutiny("frobnicate", var_dir=tmp_path)
    assert result.returncode == 2
    assert "unknown command" in result.stderr


def _counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        tables = [
            "partnerships_partnership",
            "partnerships_membership",
            "accounts_user",
            "partnerships_agency",
            "accounts_invitation",
            "partnerships_historicalmembership",
        ]
        return {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}  # noqa: S608


@pytest.mark.demo
def test_demo_prepares_a_database_prints_the_sign_ins_and_is_idempotent(tmp_path):
    # The returns at 3% of the real volume: the full demo takes about a minute (bench/README.md).
    small = {"SCRUTINY_DEMO_RETURN_PERCENT": "3"}
    first = scrutiny("demo", "--no-serve", var_dir=tmp_path, extra_env=small)
    assert first.returncode == 0, first.stderr
    assert "Building the demo data" in first.stdout
    assert "  five years of synthetic CIN census, SSDA903 and Annex A returns (the longest step)…" in first.stdout
    lines = [line for line in first.stdout.splitlines() if "@demo.example.org" in line]
    # One line per person, naming every partnership and role they hold (the ICB's and the police's
    # lead partners serve both partnerships).
    assert len(lines) == len({line.split()[0] for line in lines}) == 16
    scrutineer = next(line for line in lines if "scrutineer@demo.example.org" in line)
    assert "Riverbank" in scrutineer
    assert "Hillcrest Children's Safeguarding Partnership (demo): Partnership chair" in scrutineer
    assert "http://127.0.0.1:8000/" in first.stdout
    assert any("manager.riverbank@demo.example.org" in line and "Business manager" in line for line in lines)
    database = tmp_path / "scrutiny.sqlite3"
    before = _counts(database)
    second = scrutiny("demo", "--no-serve", var_dir=tmp_path, extra_env=small)
    assert second.returncode == 0, second.stderr
    assert _counts(database) == before

    listing = scrutiny("partnerships", "list", "--format", "json", var_dir=tmp_path)
    rows = json.loads(listing.stdout)
    assert {row["slug"]: row["area_codes"] for row in rows} == {
        "hillcrest": ["E09000006", "E23000001", "E54000030"],
        "riverbank": ["E09000004", "E23000001", "E54000030"],
    }


@pytest.mark.django_db
@pytest.mark.demo
def test_the_demo_builder_gives_every_role_in_each_partnership():
    build_demo()
    build_demo()
    for partnership in Partnership.objects.all():
        roles = set(Membership.objects.filter(partnership=partnership).values_list("role", flat=True))
        assert len(roles) == 7, partnership
    both = {"scrutineer@demo.example.org", "police.dsp@demo.example.org"}
    for email in both:
        assert Membership.objects.filter(user__email=email).values("partnership").distinct().count() == 2
    assert all(User.objects.filter(is_demo=True).values_list("is_demo", flat=True))
    assert Partnership.objects.filter(is_demo=False).count() == 0
    assert Area.objects.get(code="E09000004").old_la_code == "303"
    assert Agency.objects.count() == 9


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = scrutiny("manage", "check", var_dir=tmp_path, extra_env={"SCRUTINY_ENV": "production", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = scrutiny(
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        var_dir=tmp_path,
        extra_env={
            "SCRUTINY_ENV": "production",
            "SECRET_KEY": "x" * 20 + "a-long-random-production-key-0123456789",
            "ALLOWED_HOSTS": "scrutiny.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_boolean_in_the_environment_fails_loudly(tmp_path):
    result = scrutiny("manage", "check", var_dir=tmp_path, extra_env={"DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_production_static_files_collect_with_hashed_names(tmp_path):
    result = scrutiny(
        "manage",
        "collectstatic",
        "--noinput",
        var_dir=tmp_path,
        extra_env={"SCRUTINY_ENV": "production", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "scrutiny.example.org"},
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert "govuk/scrutiny.css" in manifest["paths"]
    assert "app/init.js" in manifest["paths"]


def test_a_server_error_gets_the_styled_page_and_the_api_gets_json(rf):
    from scrutiny.errors import server_error

    page = server_error(rf.get("/p/riverbank/"))
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.content.decode()
    api = server_error(rf.get("/api/v1/me"))
    assert api.status_code == 500
    assert json.loads(api.content)["detail"].startswith("Something went wrong")
