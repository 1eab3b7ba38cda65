"""The production guide (deploy/README.md) where this machine cannot run it, and commands run outside it.

systemd cannot run here: the unit file's content is checked instead. The
guide's steps themselves run in tests/security/test_multiprocess.py
(PostgreSQL, Redis, nginx, the environment file, ``kiosk cert``).
"""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "deploy/README.md").read_text(encoding="utf-8")
KIOSK = [sys.executable, "-m", "kiosk.cli"]


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd's keys are case-sensitive
    parser.read_string((ROOT / "deploy/kiosk@.service").read_text())
    return parser


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```[^\n]*\n(.*?)```", text, re.S)


def test_the_unit_starts_at_boot_after_its_database_and_queue_as_its_own_user() -> None:
    service = unit()
    assert service["Install"]["WantedBy"] == "multi-user.target"
    after = service["Unit"]["After"].split()
    assert "postgresql.service" in after and "redis-server.service" in after
    assert service["Service"]["User"] == "kiosk" and service["Service"]["Group"] == "kiosk"
    assert service["Service"]["EnvironmentFile"] == "/srv/kiosk/kiosk.env"
    assert service["Service"]["ExecStart"] == "/srv/kiosk/.venv/bin/kiosk serve --host 127.0.0.1 --port %i"
    assert service["Service"]["Restart"] == "always"
    assert service["Service"]["ReadWritePaths"] == "/srv/kiosk/instance"


def test_the_guide_names_every_package_and_installs_the_unit_rather_than_pasting_it() -> None:
    blocks = code_blocks(GUIDE)
    installs = " ".join(line for block in blocks for line in block.splitlines() if "apt-get install" in line)
    for package in ("python3-venv", "nodejs", "npm", "postgresql", "redis-server", "nginx"):
        assert f" {package}" in installs, package
    assert not any("[Service]" in block for block in blocks), "the unit's content belongs in deploy/kiosk@.service"
    commands = "\n".join(blocks)
    for step in ("useradd --system", "install -m 644 /srv/kiosk/src/deploy/kiosk@.service /etc/systemd/system/",
                 "systemctl daemon-reload", "systemctl enable --now kiosk@5001 kiosk@5002",
                 "install -m 755 /srv/kiosk/src/deploy/kiosk /usr/local/bin/kiosk", "kiosk init", "kiosk cert",
                 "install -m 640 -o root -g kiosk /srv/kiosk/src/deploy/kiosk.env /srv/kiosk/kiosk.env"):
        assert step in commands, step
    assert commands.index("kiosk cert") < commands.index("systemctl reload nginx")  # the certificate exists first


@pytest.mark.parametrize("command", [("badges",), ("report", "attendance"), ("pins", "chair"), ("export",),
                                     ("cert",), ("serve",)])
def test_a_command_outside_the_installation_says_where_it_looked_and_creates_nothing(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    """Run without the environment file: it names the data folder and database, and leaves no empty database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_") and k != "DATABASE_URL"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([*KIOSK, *command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert str(tmp_path / "instance") in done.stderr and "kiosk.sqlite3" in done.stderr, done.stderr
    assert "kiosk init" in done.stderr and "kiosk.env" in done.stderr
    assert list(tmp_path.iterdir()) == [], "the command created files where it looked"


def test_the_organisers_kiosk_command_needs_the_environment_file(tmp_path: Path) -> None:
    env = {**os.environ, "KIOSK_ENV_FILE": str(tmp_path / "missing.env")}
    done = subprocess.run([str(ROOT / "deploy/kiosk"), "pins"], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and "missing.env" in done.stderr
