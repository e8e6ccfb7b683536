"""The organisation directory: units, people, their roles and notification addresses."""
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.domain.vocabulary import UNIT_ROLES, Role
from models.tables.base import Base


class Unit(Base):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    people: Mapped[list["Person"]] = relationship(back_populates="unit")


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    title: Mapped[str | None] = mapped_column(String(100))  # 党组书记、局长 — as a ledger writes it beside the name
    # apprise URLs, e.g. "mailto://…", "dingtalk://…"; empty: the configured fallback channel
    addresses: Mapped[list[str]] = mapped_column(JSON, default=list)

    unit: Mapped[Unit | None] = relationship(back_populates="people", lazy="joined")
    role_rows: Mapped[list["PersonRole"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="person"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.role_rows)

    def has_role(self, role: Role, unit_id: int | None = None) -> bool:
        """Unit roles count only for the person's own unit."""
        if role not in self.roles:
            return False
        return role not in UNIT_ROLES or unit_id is None or self.unit_id == unit_id

    def describe(self) -> str:
        roles = "、".join(r.label for r in Role.ordered(self.roles))
        unit = self.unit.name if self.unit else ""
        return f"{self.name}（{'，'.join(x for x in (roles, unit) if x)}）"


class PersonRole(Base):
    __tablename__ = "person_role"
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))

    person: Mapped[Person] = relationship(back_populates="role_rows")
