"""The type stubs say what the built module has (mypy's stubtest compares them with the
runtime module), and the package type-checks with mypy --strict."""

import subprocess
import sys


def mypy(cwd, *args):
    # In a temporary folder, so no .mypy_cache is left in the work tree.
    done = subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=300, cwd=cwd)
    return done.returncode, done.stdout + done.stderr


def test_stubs_match_the_extension_module(tmp_path):
    code, out = mypy(tmp_path, "mypy.stubtest", "batchlist._batchlist")
    assert code == 0, out


def test_the_package_type_checks_strictly(tmp_path):
    # The installed package by name, as users' type checkers find it (py.typed, the stubs).
    code, out = mypy(tmp_path, "mypy", "--strict", "-p", "batchlist")
    assert code == 0, out
    assert "no issues found in 4 source files" in out, out
