"""The type stubs say what the built module has (mypy's stubtest compares them with the
runtime module), and the package type-checks with mypy --strict."""

import subprocess
import sys
from pathlib import Path


def mypy(cwd, *args):
    # In a temporary folder, so no .mypy_cache is left in the work tree.
    done = subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=300, cwd=cwd)
    return done.returncode, done.stdout + done.stderr


def test_stubs_match_the_extension_module(tmp_path):
    code, out = mypy(tmp_path, "mypy.stubtest", "batchlist._batchlist")
    assert code == 0, out


def test_the_package_type_checks_strictly(tmp_path):
    # The installed package, as users' type checkers see it (stubs and py.typed included).
    import batchlist

    code, out = mypy(tmp_path, "mypy", "--strict", str(Path(batchlist.__file__).parent))
    assert code == 0, out
