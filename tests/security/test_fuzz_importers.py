"""Every importer under generated hostile input, in a process of its own whose memory is capped: only named
refusals, and a refused import writes nothing (the cases: fuzz_importers.py)."""
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

MEMORY_LIMIT = 2 * 1024 ** 3  # far above what any of these files needs; an unbounded read hits it


def capped():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.slow
def test_every_importer_refuses_hostile_input_by_name_within_bounded_memory():
    cases = Path(__file__).with_name("fuzz_importers.py")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", str(cases)],
                          capture_output=True, text=True, preexec_fn=capped, cwd=Path(__file__).parents[2],
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}, timeout=1800)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
