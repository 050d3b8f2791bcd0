"""The deployment as docs/deploying.md describes it: a clone, a plain (non-editable)
``pip install .`` into its own virtual environment, and the systemd unit's command run from the
unit's working directory, with /opt/talkbot re-rooted to a temporary folder.

Building the package needs setuptools from the package index (offline here, as everywhere the
suite runs); the project's dependencies are lent by the test environment through a ``.pth``
file, so the install itself takes seconds and needs no network.
"""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import REPO

UNIT = REPO / "bot" / "talkbot.service"
UNIT_ROOT = "/opt/talkbot"
#: what a `git clone` brings that the deployment uses
CLONED = ["pyproject.toml", "README.md", "src", "bot", "knowledge", ".env.example"]


def unit_service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#", ";"))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser["Service"]


def clean_env(home: Path) -> dict[str, str]:
    # what systemd gives a service: no TALKBOT_* from a developer's shell, no virtualenv on PATH
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(home)}


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """/opt/talkbot, re-rooted: the clone, then `python3 -m venv .venv && .venv/bin/pip install .`."""
    root = tmp_path_factory.mktemp("deploy") / "opt" / "talkbot"
    root.mkdir(parents=True)
    for name in CLONED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, root / name)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / ".venv")], check=True, timeout=120)
    python = root / ".venv" / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    lent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_talkbot_test_dependencies.pth").write_text("\n".join(sorted(lent)) + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "."],
        cwd=root, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "SetuptoolsDeprecationWarning" not in proc.stderr and "license" not in proc.stderr.lower(), proc.stderr
    shutil.rmtree(root / "src")  # the installed package must not need the sources beside it
    return root


def run_in(root: Path, argv: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120,
                          env=clean_env(root.parent), **kwargs)


def unit_command(root: Path) -> tuple[list[str], Path]:
    service = unit_service()
    exec_start, workdir = service["ExecStart"], service["WorkingDirectory"]
    assert exec_start.startswith(UNIT_ROOT) and workdir == UNIT_ROOT  # so that re-rooting means something
    return shlex.split(exec_start.replace(UNIT_ROOT, str(root))), Path(workdir.replace(UNIT_ROOT, str(root)))


def test_the_install_is_not_editable_and_not_shadowed(deployed: Path) -> None:
    python = str(deployed / ".venv" / "bin" / "python")
    for where in (deployed, deployed / "bot"):  # a script in bot/ has bot/ first on sys.path
        proc = run_in(deployed, [python, "-c", "import sys; sys.path.insert(0, '.'); import talkbot.cli; print(talkbot.__file__)"],
                      cwd=where)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith(str(deployed / ".venv" / "lib")), proc.stdout
    assert not list((deployed / "bot").glob("talkbot.py"))


@pytest.mark.parametrize("dot_env", ["copied from .env.example", "missing"])
def test_the_units_command_without_a_token_is_one_line_and_fails(deployed: Path, dot_env: str) -> None:
    argv, workdir = unit_command(deployed)
    env_file = deployed / ".env"
    if dot_env == "missing":
        env_file.unlink(missing_ok=True)
    else:
        shutil.copy(deployed / ".env.example", env_file)
    proc = run_in(deployed, argv, cwd=workdir, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0 and proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    if dot_env == "missing":
        assert proc.stderr == f"talkbot: --env-file {env_file}: no such file\n"
    else:
        assert proc.returncode == 1
        assert proc.stderr == "talkbot: DISCORD_TOKEN is not set (environment or --env-file); see docs/deploying.md\n"


def test_the_launcher_without_a_token_is_one_line_and_fails(deployed: Path) -> None:
    shutil.copy(deployed / ".env.example", deployed / ".env")
    python = str(deployed / ".venv" / "bin" / "python")
    proc = run_in(deployed, [python, str(deployed / "bot" / "launcher.py")], cwd=deployed, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == "talkbot: DISCORD_TOKEN is not set (environment or --env-file); see docs/deploying.md\n"


def test_the_installed_commands_use_the_deploy_folder(deployed: Path) -> None:
    shutil.copy(deployed / ".env.example", deployed / ".env")
    talkbot = str(deployed / ".venv" / "bin" / "talkbot")
    proc = run_in(deployed, [talkbot, "validate"], cwd=deployed)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("knowledge: OK, ")
    proc = run_in(deployed, [talkbot, "ask", "who presented the I3 instrument?"], cwd=deployed)
    assert proc.returncode == 0 and "Koch" in proc.stdout, proc.stderr
    proc = run_in(deployed, [talkbot, "doctor"], cwd=deployed)
    assert f"knowledge:                    {deployed / 'knowledge'}: exists, writable, OK" in proc.stdout
    assert f"data folder:                  {deployed / 'data'}:" in proc.stdout
    assert proc.returncode == 1 and "- DISCORD_TOKEN is not set" in proc.stdout  # the copied example has none
