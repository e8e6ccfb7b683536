"""Warm start: a resident process per user and installation that has already imported what commands need, and
forks a child for each command (the way Mercurial's command server does). The `rectiflow` script is a small
client: it hands the server its terminal (file descriptors), working directory, environment and arguments, and
relays the exit code. Without a server, or when it is stale or switched off, the command runs in the script's own
process, as it always did; the first such command starts a server for the next ones."""
