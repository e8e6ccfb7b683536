"""What the CLI tests share: the shipped samples, and the result of one `rectiflow` run."""
import json
import sys
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "rectiflow" / "samples"
SEED_LEDGER = SAMPLES / "seed003_ledger.xlsx"
SEED_ORG = SAMPLES / "seed003_org.yaml"
YAML_LEDGER = SAMPLES / "sample_ledger.yaml"
SCRIPT = Path(sys.executable).parent / "rectiflow"
ORGANISED = (("init",), ("org", "import", SEED_ORG))  # the commands that give a home the seed-003 organisation
SEEDED = (*ORGANISED, ("import", SEED_LEDGER, "--direct"))  # and its 38-problem ledger, imported without Prefect


def flat(text: str) -> str:
    """Output without the line breaks Rich inserts at 80 columns when not writing to a terminal."""
    return text.replace("\n", "")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        """stdout and stderr, unwrapped: what a user reads."""
        return flat(self.out + self.err)

    def json(self):
        assert self.code == 0, self.text
        return json.loads(self.out)
