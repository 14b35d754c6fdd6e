"""The sample systemd units (deploy/systemd/) and the Procfile name commands that exist, with
binaries inside the virtualenv the README documents; `systemd-analyze verify` checks the units
too where systemd is installed."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
APP_DIR = "/srv/oer-registry"  # where README "Production" installs the project
VENV_BIN = f"{APP_DIR}/.venv/bin/"
UNIT_FILES = ("oer-web.service", "oer-worker@.service", "oer-scheduler.service")
REQUIRED = {
    "Unit": {"Description"},
    "Service": {"ExecStart", "User", "WorkingDirectory", "EnvironmentFile", "Restart"},
    "Install": {"WantedBy"},
}


def _parse_unit(path: Path) -> configparser.ConfigParser:
    """Strict INI parsing: a duplicate section or key, or a line outside a section, fails."""
    parser = configparser.ConfigParser(
        strict=True, interpolation=None, delimiters=("=",), comment_prefixes=("#", ";")
    )
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text(), source=str(path))
    return parser


def _check_command(argv: list[str], *, bin_dir: str, app_dir: str) -> None:
    """A command is gunicorn serving our WSGI module with our config, or one of our
    manage.py commands, run from the virtualenv."""
    binary = argv[0]
    assert binary.startswith(bin_dir), f"{binary} is not inside {bin_dir}"
    name = binary.removeprefix(bin_dir)
    if name == "gunicorn":
        config = argv[argv.index("--config") + 1]
        assert (ROOT / config.removeprefix(app_dir).lstrip("/")).is_file(), config
        module = argv[-1]
        assert (ROOT / (module.replace(".", "/") + ".py")).is_file(), module
        return
    assert name == "python", f"unexpected program {binary}"
    assert argv[1].removeprefix(app_dir).lstrip("/") == "manage.py", argv
    assert argv[2] in get_commands(), f"manage.py has no command {argv[2]!r}"


@pytest.mark.parametrize("filename", UNIT_FILES)
def test_unit_has_its_sections_and_keys(filename):
    unit = _parse_unit(UNITS / filename)
    assert set(unit.sections()) == set(REQUIRED)
    for section, keys in REQUIRED.items():
        missing = keys - set(unit[section])
        assert not missing, f"{filename} [{section}] lacks {sorted(missing)}"
    service = unit["Service"]
    assert service["WorkingDirectory"] == APP_DIR
    assert service["EnvironmentFile"] == "/etc/oer-registry/env"
    _check_command(shlex.split(service["ExecStart"]), bin_dir=VENV_BIN, app_dir=APP_DIR)


def test_worker_unit_is_a_template_whose_instances_have_their_own_id():
    exec_start = _parse_unit(UNITS / "oer-worker@.service")["Service"]["ExecStart"]
    assert "%i" in exec_start


def test_environment_example_sets_production_settings_and_required_variables():
    lines = (UNITS / "env.example").read_text().splitlines()
    env = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert env["DJANGO_SETTINGS_MODULE"] == "oer_registry.settings.production"
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "ELASTICSEARCH_URL"):
        assert env.get(name), name


def test_procfile_runs_gunicorn_and_manage_py_commands_from_the_venv():
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            assert name not in processes, f"duplicate process {name}"
            processes[name] = shlex.split(command)
    assert processes["web"][0] == ".venv/bin/gunicorn"
    for argv in processes.values():
        _check_command(argv, bin_dir=".venv/bin/", app_dir="")


SYSTEMD_ANALYZE = shutil.which("systemd-analyze")

if SYSTEMD_ANALYZE:  # collected where systemd is installed, never skipped

    def test_systemd_analyze_verify_accepts_the_units(tmp_path):
        """The units, pointed at this checkout and its virtualenv so that the programs they
        name exist, verify without a warning."""
        for filename in UNIT_FILES:
            text = (UNITS / filename).read_text()
            text = text.replace(f"{APP_DIR}/.venv", sys.prefix).replace(APP_DIR, str(ROOT))
            (tmp_path / filename).write_text(text)
        result = subprocess.run(
            [SYSTEMD_ANALYZE, "verify", *[str(tmp_path / name) for name in UNIT_FILES]],
            capture_output=True,
            text=True,
            timeout=120,
        )
        ours = [line for line in result.stderr.splitlines() if "oer-" in line]
        assert result.returncode == 0 and not ours, result.stderr
