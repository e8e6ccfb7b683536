"""The report's text as paragraphs of runs, the form the Word and Markdown renderers both lay out.

A run is plain, a bold lead-in (「1.充分发挥党组领导作用。」), or a run-in heading (「（一）加强组织领导，压实整改
责任。」); a run marked `draft` is text the office is to read and edit before the report goes upward (yellow in
Word, 【草稿】 in Markdown); a `missing` run stands where a fact nobody gave would be (【待补充：检查时间】)."""
from dataclasses import dataclass
from typing import Literal

RunStyle = Literal["", "strong", "lead"]
BlockKind = Literal["title", "heading1", "heading2", "body", "annex_title"]


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    style: RunStyle = ""
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def draft(self) -> bool:
        return any(run.draft for run in self.runs)


def block(kind: BlockKind, *runs: Run | str) -> Block:
    return Block(kind, tuple(run if isinstance(run, Run) else Run(run) for run in runs if run))


def missing(label: str) -> Run:
    return Run(f"【待补充：{label}】", draft=True)


def draft(text: str) -> Run:
    return Run(text, draft=True)
