"""The command line's words before any library reads them (plain Python: the warm-start client uses this too)."""


def global_options_first(argv: list[str]) -> list[str]:
    """Let `--db URL` stand anywhere on the command line, as the README promises."""
    args, moved, i = [], [], 0
    while i < len(argv):
        if argv[i] == "--db" and i + 1 < len(argv):
            moved += argv[i:i + 2]
            i += 2
            continue
        if argv[i].startswith("--db="):
            moved.append(argv[i])
        else:
            args.append(argv[i])
        i += 1
    return moved + args


def command_words(argv: list[str]) -> tuple[str, ...]:
    """The words naming the command (`users set-password`), without the options and --db's value."""
    words, i = [], 0
    while i < len(argv):
        if argv[i] == "--db":
            i += 2
            continue
        if not argv[i].startswith("-"):
            words.append(argv[i])
        i += 1
    return tuple(words)
