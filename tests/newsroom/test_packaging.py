"""The project installs like any Python application: `pip install .` builds a wheel of the
three Django packages, with the dependencies that the bootstrap and the Dockerfile install.

Builds the wheel as pip does (`pip wheel`, setuptools in an isolated environment) from a
copy of the checkout, so the checkout is left as it was (no build/ folder).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser

import pytest
from packaging.requirements import Requirement

from newsroom import bootstrap
from tests.builders import BASE_DIR

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(BASE_DIR / name, source / name)
    for package in ("newsroom", "articles", "media_captions", "tests", "bench"):
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(BASE_DIR / package, source / package, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
         "--quiet", "--wheel-dir", str(out), str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [built] = out.glob("newsroom-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def test_the_wheel_holds_the_three_packages_their_migrations_and_word_lists(wheel):
    names = set(wheel.namelist())
    for module in (
        "articles/models.py",
        "articles/migrations/0001_initial.py",
        "media_captions/models.py",
        "media_captions/migrations/0001_initial.py",
        "newsroom/settings.py",
        "newsroom/migrations/0001_cache_table.py",
        "newsroom/embedded_postgres/base.py",
        "newsroom/management/commands/serve.py",
    ):
        assert module in names, module
    # Every migration of the checkout, so an installed copy migrates a database the same way.
    for app in ("articles", "media_captions", "newsroom"):
        for migration in (BASE_DIR / app / "migrations").glob("0*.py"):
            assert f"{app}/migrations/{migration.name}" in names, migration
    # The extraction's word lists, read at run time.
    for data in ("given_names.txt", "common_words.txt", "regions.tsv"):
        assert f"articles/ingest/data/{data}" in names, data
    # Only the three packages: not the tests, the benchmarks or anything else at the top.
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == {
        "articles",
        "media_captions",
        "newsroom",
    }


def _key(requirement: Requirement) -> tuple:
    return (requirement.name.lower(), frozenset(requirement.extras), requirement.specifier)


def test_the_wheel_requires_what_the_bootstrap_and_the_dockerfile_install(wheel):
    [metadata] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    message = Parser().parsestr(wheel.read(metadata).decode())
    required = {
        _key(Requirement(r)) for r in message.get_all("Requires-Dist") if "extra ==" not in r
    }
    # One list in pyproject.toml: the wheel's requirements are the bootstrap's (which the
    # Dockerfile runs) without extras.
    assert required == {_key(Requirement(r)) for r in bootstrap.requirements(())}
    assert ("psycopg", frozenset({"binary", "pool"}), Requirement("psycopg>=3.2,<4").specifier) in (
        required
    )
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "python -m newsroom.bootstrap --system" in dockerfile


def test_an_installed_copy_is_imported_outside_the_checkout(wheel, tmp_path):
    # The packages import from the wheel alone (no checkout on sys.path), their data with them.
    site = tmp_path / "site"
    wheel.extractall(site)
    script = (
        "import articles, media_captions, newsroom, sys\n"
        "from articles.ingest import lexicon\n"
        f"assert articles.__file__.startswith({str(site)!r}), articles.__file__\n"
        "assert (lexicon.DATA / 'given_names.txt').stat().st_size > 0\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n{script}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
