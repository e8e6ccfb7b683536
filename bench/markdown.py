"""`python -m bench.markdown RESULT.json README.md`: put a benchmark result into the README's bench section."""
import json
import sys
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def table(result: dict) -> str:
    machine = result["machine"]
    lines = [f"Measured on `{machine['node']}`: {machine['cores']} cores, Python {machine['python']}, SQLite (WAL) and "
             "PostgreSQL 15 on the same machine.", "",
             "| workload | backend | size | seconds | per second | peak MB | note |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for row in result["rows"]:
        rate = f"{row['per_second']:,.0f}" if row["per_second"] else ""
        lines.append(f"| {row['workload']} | {row['backend']} | {row['size']:,} | {row['seconds']:.2f} | {rate} | "
                     f"{row['peak_mb']:.0f} | {row['note']} |")
    if result.get("goals"):
        lines += ["", "| goal | measured | target | |", "| --- | --- | --- | --- |"]
        lines += [f"| {g['goal']} | {g['measured']} | {g['target']} | {'met' if g['met'] else '**not met**'} |"
                  for g in result["goals"]]
    return "\n".join(lines)


def main() -> None:
    result, readme = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")), Path(sys.argv[2])
    text = readme.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    readme.write_text(f"{before}{START}\n{table(result)}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
