"""Who and which units a ledger names, checked against the directory before anything is written.

- Units: a name nobody has yet becomes a unit (listed). A collective name (各科室, 相关股室, 局属各单位…) never
  becomes a unit: it stands for the directory's units of that kind (各科室: every unit whose name ends in 科 or
  室; 各乡镇交管站: every …交管站), as if they had been listed one by one. With none to stand for, or no kind to
  tell: as a lead unit (or a measure's unit) the row is refused — responsibility is never guessed; as a
  cooperating unit (市财政局牵头，相关预算单位配合) it is kept on the item as written and listed, and sent nothing.
- Leaders: several names in a cell are several people; a title in brackets is the person's title. A name
  nobody has yet becomes a leader (listed); a leading-group member is given the leader role (listed); anyone
  else — a liaison, a unit head, the office — is never made a leader by a ledger: refused, by row. 各班子成员
  stands for the leading group's members."""
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from models.directory.apply import unit_named
from models.directory.lookup import Directory
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import Role
from models.ledger_files.document import ItemDoc, LedgerDoc
from models.ledger_files.splitting import split_names
from models.store.unit_of_work import UnitOfWork
from models.tables.organisation import Person, PersonRole, Unit

_COLLECTIVE = re.compile(r"^(?:机关|局机关|局属|委属|所属|下属)?(?:各|相关|有关|全体|所有)(?P<kind>.+)$")
# what a collective name stands for: the endings of the units' names
_KINDS = {"科室": ("科", "室"), "股室": ("股", "室"), "处室": ("处", "室"), "党支部": ("支部",), "支部": ("支部",),
          "乡镇": ("乡", "镇"), "乡镇（街道）": ("乡", "镇", "街道"), "乡镇(街道)": ("乡", "镇", "街道"),
          "街道": ("街道",), "中心": ("中心",), "科": ("科",), "股": ("股",), "处": ("处",)}
_PLACE = re.compile(r"^(?:乡镇（街道）|乡镇\(街道\)|乡镇|街道|村（社区）|村|社区|县|区|市)")
_LEADING_GROUP = ("班子成员", "领导班子成员", "领导班子", "党组成员", "班子")


def is_collective(name: str) -> bool:
    return bool(_COLLECTIVE.match(name)) or name in ("局属单位", "机关各部门")


@dataclass
class Names:
    units: dict[str, int] = field(default_factory=dict)  # a unit's name -> id
    stands_for: dict[str, list[str]] = field(default_factory=dict)  # a collective name -> the units it means
    leaders: dict[str, list[int]] = field(default_factory=dict)  # a name as written -> people ids
    as_written: dict[str, int | None] = field(default_factory=dict)  # unresolved cooperating collective -> row
    units_created: list[str] = field(default_factory=list)
    people_created: list[str] = field(default_factory=list)
    leaders_granted: list[str] = field(default_factory=list)

    def unit_ids(self, names: list[str]) -> list[int]:
        """The units these names mean, collectives spread out, each once, in order."""
        spread = [unit for name in names for unit in self.stands_for.get(name, [name])]
        return list(dict.fromkeys(self.units[unit] for unit in spread))

    _leader_ids: dict[str | None, list[int]] = field(default_factory=dict, repr=False)  # a cell -> its leaders

    def leader_ids(self, cell: str | None) -> list[int]:
        if cell not in self._leader_ids:
            self._leader_ids[cell] = list(dict.fromkeys(pid for name, _ in split_names(cell) for pid in self.leaders[name]))
        return list(self._leader_ids[cell])


def resolve_names(uow: UnitOfWork, doc: LedgerDoc) -> Names:
    """Every unit and leader the ledger names; InvalidInput listing every row that cannot be resolved."""
    names, problems = Names(), []
    session = uow.session
    units = {u.name: u for u in session.scalars(select(Unit))}
    cooperating_only = _cooperating_only(doc)
    for name, row in _unit_names(doc).items():
        if is_collective(name):
            meant = _meant(name, units)
            if meant:
                names.stands_for[name] = meant
            elif name in cooperating_only:
                names.as_written[name] = row
            else:
                problems.append(f"{_where(row)}：「{name}」是统称，组织目录中没有可以对应的具体单位；请在台账中写明具体单位，"
                                f"或先导入包含这些单位的组织目录")
        else:
            names.units[name] = unit_named(session, name, names.units_created).id
    for meant in names.stands_for.values():
        names.units.update({unit: units[unit].id for unit in meant})
    problems += _resolve_leaders(uow, doc, names)
    if problems:
        raise InvalidInput("台账中的单位或责任领导与组织目录不符，未写入任何内容：\n" + "\n".join(problems))
    session.flush()
    Directory.of(uow).changed()
    return names


def _unit_names(doc: LedgerDoc) -> dict[str, int | None]:
    """Every unit name the ledger uses, with the first row using it."""
    found: dict[str, int | None] = {}
    for entry in doc.items:
        for name in (entry.lead_unit, *entry.cooperating_units, *(m.unit for m in entry.measures if m.unit),
                     *(p.unit for p in entry.history)):
            if name:
                found.setdefault(name, entry.row)
    return found


def _cooperating_only(doc: LedgerDoc) -> set[str]:
    """Names used only as cooperating units, nowhere as a lead or a measure's unit."""
    cooperating = {name for entry in doc.items for name in entry.cooperating_units}
    responsible = {name for entry in doc.items for name in (entry.lead_unit, *(m.unit for m in entry.measures))}
    return cooperating - responsible


def _meant(name: str, units: dict[str, Unit]) -> list[str]:
    match = _COLLECTIVE.match(name)
    if not match:
        return []
    kind = match["kind"]
    endings = _KINDS.get(kind) or (_PLACE.sub("", kind),)  # 各乡镇交管站 -> every unit named …交管站
    if not endings[0] or kind in _LEADING_GROUP or kind in ("单位", "部门"):
        return []
    return sorted((u for u in units if u.endswith(endings) and not is_collective(u)), key=lambda u: units[u].id)


def _resolve_leaders(uow: UnitOfWork, doc: LedgerDoc, names: Names) -> list[str]:
    session, problems = uow.session, []
    named: dict[str, tuple[int | None, str | None]] = {}
    for entry in doc.items:
        for name, title in split_names(entry.leader):
            named.setdefault(name, (entry.row, title))
    existing = {p.name: p for p in session.scalars(select(Person).where(Person.name.in_(named)))}
    group = Directory.of(uow).with_role(Role.chair) + Directory.of(uow).with_role(Role.member)
    for name, (row, title) in sorted(named.items()):
        if _means_leading_group(name):
            if not group:
                problems.append(f"{_where(row)}「责任领导」：「{name}」是统称，组织目录中还没有领导小组成员")
                continue
            names.leaders[name] = list(dict.fromkeys(p.id for p in group))
            continue
        person = existing.get(name)
        if person is None:
            person = Person(name=name, title=title, addresses=[], role_rows=[PersonRole(role=Role.leader.value)])
            session.add(person)
            names.people_created.append(name)
        elif Role.leader not in person.roles:
            if not person.roles & {Role.member, Role.chair}:
                problems.append(f"{_where(row)}「责任领导」：「{person.describe()}」不是责任领导，台账不能授予此角色；"
                                f"如确为责任领导，请先在组织目录中为其加上角色 leader（责任领导）")
                continue
            person.role_rows.append(PersonRole(role=Role.leader.value))
            names.leaders_granted.append(name)
        person.title = person.title or title
        session.flush()
        names.leaders[name] = [person.id]
    return problems


def _means_leading_group(name: str) -> bool:
    """各班子成员, 全体班子成员, 领导班子: the leading group's members."""
    match = _COLLECTIVE.match(name)
    return (match["kind"] if match else name) in _LEADING_GROUP


def _where(row: int | None) -> str:
    return f"第{row}行" if row else "台账中"


def spread_units(names: Names, entry: ItemDoc) -> tuple[int, list[int]]:
    """(lead unit id, cooperating unit ids) of an item: a collective lead spreads into its units, the first
    leading — as if the office had listed them in the lead cell."""
    lead = names.unit_ids([entry.lead_unit])
    cooperating = [u for u in names.unit_ids([n for n in entry.cooperating_units if n not in names.as_written])
                   if u != lead[0]]
    return lead[0], list(dict.fromkeys(lead[1:] + cooperating))
