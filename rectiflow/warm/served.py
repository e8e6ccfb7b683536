"""What a command's child knows of the warm-start server that forked it (None in a process of its own)."""
from dataclasses import dataclass


@dataclass
class Server:
    pid: int
    started: float  # time.time() at start
    idle_seconds: float
    commands: int = 0  # forked so far, this one included


server: Server | None = None
