"""python/README.md's pytest example is tests/test_readme_example.py, verbatim, so the
README shows a test that runs (and passes) on every CI run."""

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_the_readme_example_is_the_example_test():
    readme = (HERE.parent / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    example = (HERE / "test_readme_example.py").read_text()
    assert example in blocks, "copy tests/test_readme_example.py into README.md's pytest example"
