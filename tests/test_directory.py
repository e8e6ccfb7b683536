"""The organisation directory: YAML and .xlsx, every mistake located, nothing written on error."""
import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models.directory.apply import apply_directory
from models.directory.lookup import Directory
from models.directory.org_file import read_org
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import Role
from models.store.database import reading
from models.store.unit_of_work import unit_of_work
from models.tables.organisation import Person


def load(db_url, path):
    with unit_of_work(db_url) as uow:
        return apply_directory(uow, read_org(path), "测试")


def people(db_url) -> int:
    with reading(db_url) as session:
        return session.scalar(select(func.count()).select_from(Person))


def test_yaml_directory_with_chinese_role_labels(sqlite_url, tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text("people:\n  - name: 张三\n    unit: 办公室\n    roles: [联络员, unit_head]\n"
                    "    addresses: ['json://hooks.example.org/hook']\n", encoding="utf-8")
    summary = load(sqlite_url, path)
    assert summary.people_created == ["张三"] and summary.units_created == ["办公室"]
    with reading(sqlite_url) as session:
        person = Directory(session).person("张三")
        assert person.roles == {Role.liaison, Role.unit_head} and person.unit.name == "办公室"


def test_xlsx_errors_name_row_and_column_and_write_nothing(sqlite_url, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "单位", "角色", "通知地址"])
    sheet.append(["张三", "办公室", "联络员", None])
    sheet.append(["李四", "财务处", "科员", None])
    path = tmp_path / "org.xlsx"
    workbook.save(path)
    with pytest.raises(InvalidInput, match="第3行「角色」：未知角色「科员」"):
        load(sqlite_url, path)
    assert people(sqlite_url) == 0


def test_unparseable_address_refuses_the_whole_directory(sqlite_url, tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text("people:\n  - {name: 张三, roles: [office]}\n  - {name: 李四, roles: [office], "
                    "addresses: ['nonsense-address']}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="李四"):
        load(sqlite_url, path)
    assert people(sqlite_url) == 0


def test_importing_again_updates_roles_without_duplicates(sqlite_url, tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text("people:\n  - {name: 张三, unit: 办公室, roles: [liaison]}\n", encoding="utf-8")
    load(sqlite_url, path)
    path.write_text("people:\n  - {name: 张三, unit: 办公室, roles: [liaison, unit_head]}\n", encoding="utf-8")
    summary = load(sqlite_url, path)
    assert summary.people_updated == ["张三"] and people(sqlite_url) == 1
    with reading(sqlite_url) as session:
        assert Directory(session).person("张三").roles == {Role.liaison, Role.unit_head}


def test_duplicate_names_are_refused(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text("people:\n  - {name: 张伟}\n  - {name: 张伟}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="重名：张伟"):
        read_org(path)
