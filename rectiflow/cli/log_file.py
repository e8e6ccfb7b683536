"""The installation's log (warnings, in English, for whoever maintains it): RECTIFLOW_HOME/rectiflow.log."""
import logging
from pathlib import Path


class LogFile(logging.FileHandler):
    """Opened at the first warning, its folder made then if need be (a home nobody has initialised yet); a log that
    cannot be written is no reason to stop a command or show its user a traceback."""

    def __init__(self, path: Path):
        super().__init__(path, encoding="utf-8", delay=True)

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            super().emit(record)
        except OSError:  # opening is outside FileHandler's own error handling
            self.handleError(record)
