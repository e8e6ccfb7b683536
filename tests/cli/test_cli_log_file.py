"""The installation's log (RECTIFLOW_HOME/rectiflow.log): a warning never stops a command, even where the home
was never initialised or cannot be written."""
import logging

from rectiflow.cli.log_file import LogFile


def warning(message: str) -> logging.LogRecord:
    return logging.LogRecord("rectiflow.test", logging.WARNING, __file__, 1, message, (), None)


def test_a_warning_in_a_home_not_made_yet_makes_it_and_is_written(tmp_path):
    path = tmp_path / "home-nobody-initialised" / "rectiflow.log"
    handler = LogFile(path)
    handler.handle(warning("no audit signing key"))
    handler.close()
    assert "no audit signing key" in path.read_text(encoding="utf-8")


def test_a_log_that_cannot_be_written_does_not_stop_the_command(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    monkeypatch.setattr(logging, "raiseExceptions", False)  # as rectiflow's main sets it
    handler = LogFile(blocked / "rectiflow.log")
    handler.handle(warning("checkpoint not kept"))  # raises nothing
    handler.close()
    assert blocked.read_text() == ""
