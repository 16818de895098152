"""Make `python3 manage.py ...` work on a machine that has nothing but Python 3.11.

Standard library only: this runs before Django is importable. On first use it creates
`.venv/` in the project, installs the dependencies listed in `pyproject.toml` (with the
`test` and `bench` extras) and re-runs the same command inside it. Later runs reinstall only when
`pyproject.toml` has changed.

Set `NEWSROOM_BOOTSTRAP=0` to use the current interpreter as it is (the Docker image,
or a virtual environment you manage yourself).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_DIR = BASE_DIR / ".venv"
MARKER = VENV_DIR / ".newsroom-installed"


DEV_EXTRAS = ("test", "bench")


def requirements(extras: tuple[str, ...] = DEV_EXTRAS) -> list[str]:
    """The project's dependencies from pyproject.toml, plus the named extras."""
    import tomllib

    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project.get("optional-dependencies", {}).get(extra, [])
    return reqs


def _fingerprint() -> str:
    return hashlib.sha256((BASE_DIR / "pyproject.toml").read_bytes()).hexdigest()


def install(python: str, extras: tuple[str, ...] = DEV_EXTRAS) -> None:
    """pip-install the requirements into the environment of `python`."""
    cmd = [python, "-m", "pip", "install", "--disable-pip-version-check", *requirements(extras)]
    if not sys.stdout.isatty():
        cmd.insert(4, "--quiet")
    print("newsroom: installing dependencies into", Path(python).parent.parent, file=sys.stderr)
    subprocess.run(cmd, check=True)


def _venv_python() -> Path:
    return VENV_DIR / "bin" / "python"


def ensure_environment() -> None:
    """Re-execute the current command inside the project's virtual environment."""
    if os.environ.get("NEWSROOM_BOOTSTRAP", "1") == "0":
        return
    if sys.version_info[:2] != (3, 11):
        sys.exit(
            f"newsroom: Python 3.11 is needed, this is {sys.version.split()[0]}. "
            "Run the command with python3.11."
        )
    python = _venv_python()
    in_project_venv = Path(sys.prefix).resolve() == VENV_DIR.resolve()
    if not in_project_venv and not python.exists():
        print("newsroom: creating a virtual environment in", VENV_DIR, file=sys.stderr)
        venv.create(VENV_DIR, with_pip=True)
    fingerprint = _fingerprint()
    if not MARKER.exists() or MARKER.read_text() != fingerprint:
        install(str(python))
        MARKER.write_text(fingerprint)
    if not in_project_venv:
        os.execv(str(python), [str(python), *sys.argv])


if __name__ == "__main__":
    # `python -m newsroom.bootstrap --system [extra ...]`: install into this interpreter
    # (used by the Dockerfile, which needs no virtual environment).
    if sys.argv[1:2] == ["--system"]:
        install(sys.executable, tuple(sys.argv[2:]))
    else:
        sys.exit("usage: python -m newsroom.bootstrap --system [extra ...]")
