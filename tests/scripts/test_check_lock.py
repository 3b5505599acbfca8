"""scripts/check-lock: make lint fails when pyproject.toml and requirements.lock disagree."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "scripts" / "check-lock"


@pytest.fixture
def checkout(tmp_path):
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def check(folder):
    return subprocess.run(
        [sys.executable, CHECK, folder], capture_output=True, text=True, check=False
    )


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_committed_lock_matches_pyproject(checkout):
    assert check(checkout).returncode == 0


def test_a_pin_changed_in_pyproject_but_not_locked_fails(checkout):
    edit(checkout / "pyproject.toml", '"nh3==0.3.7"', '"nh3==0.3.6"')
    result = check(checkout)
    assert result.returncode == 1
    assert "nh3: pyproject.toml pins 0.3.6, requirements.lock has 0.3.7" in result.stderr


def test_a_dependency_dropped_from_pyproject_but_still_locked_fails(checkout):
    edit(checkout / "pyproject.toml", '"nh3==0.3.7",', "")
    result = check(checkout)
    assert result.returncode == 1
    assert "nh3: requirements.lock holds it for pyproject.toml" in result.stderr


def test_a_locked_package_without_hashes_fails(checkout):
    lock = checkout / "requirements.lock"
    text = lock.read_text()
    start = text.index("nh3==0.3.7")
    end = text.index("# via", start)
    lock.write_text(text[:start] + "nh3==0.3.7\n    " + text[end:])
    assert "nh3: no hash in requirements.lock" in check(checkout).stderr


def test_an_unpinned_dependency_fails(checkout):
    edit(checkout / "pyproject.toml", '"nh3==0.3.7"', '"nh3>=0.3"')
    assert "is not pinned with ==" in check(checkout).stderr
