"""导入台账: the office uploads a ledger, sees what `rectiflow import --check` reads from it, and only then imports
it — the same file (kept by its sha256), the same loader, audited with the person who confirmed it. A file with
problems shows every one of them and writes nothing; nobody but the office may import."""
import json
import re
from html import unescape

import pytest
from corpus import merged_aspect, section_rows
from portal_forms import csrf_of
from sqlalchemy import select

from models.domain.events import ITEM_IMPORTED, LEDGER_IMPORTED
from models.domain.problems import LedgerFileInvalid
from models.ledger_files import read_ledger
from models.ledger_files.check import check_ledger
from models.queries.campaigns import list_campaigns
from models.store.database import transaction
from models.tables.audit import AuditEntry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHA = re.compile(r'name="sha256" value="([0-9a-f]{64})"')


def upload(client, path, name=None, **fields):
    token = csrf_of(client.get("/import").text)
    with open(path, "rb") as file:
        return client.post("/import/check", data={"csrf": token, **fields},
                           files={"ledger": (name or path.name, file, XLSX)})


def confirm(client, page_html, sha=None):
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">',
                             page_html.split('action="/import/confirm"')[1].split("</form>")[0]))
    if sha:
        fields["sha256"] = sha
    return client.post("/import/confirm", data={k: unescape(v) for k, v in fields.items()})


def titles(db_url):
    return [c.title for c in list_campaigns(db_url)]


def test_a_ledger_is_read_as_the_check_reads_it_then_imported_on_confirming(browse, db_url, tmp_path):
    path = section_rows.build(tmp_path / "台账.xlsx")
    client = browse("整改办甲")
    reading = upload(client, path)
    assert reading.status_code == 200
    expected = check_ledger(db_url, read_ledger(path))
    page = unescape(reading.text)
    assert f"「{section_rows.TITLE}」检查通过，可以导入" in page
    assert re.findall(r'data-count="(\w+)">(\d+)<', page) == [("aspects", str(expected.aspects)),
                                                               ("items", str(expected.items))]
    for item in read_ledger(path).items:
        assert item.text in page and item.lead_unit in page
    aspects = "；".join(f"{title} {n} 项" for title, n in section_rows.EXPECTED["aspects"])
    assert f"各方面问题数：{aspects}" in page
    for unit in expected.units_created:
        assert unit in page
    assert "第2行（" in page  # the subtitle row, skipped with the reason the check gives
    assert SHA.search(reading.text) and 'type="file"' in reading.text
    assert section_rows.TITLE not in titles(db_url)  # read, not written

    imported = confirm(client, reading.text)
    assert imported.status_code == 200 and f"已导入「{section_rows.TITLE}」" in unescape(imported.text)
    assert section_rows.TITLE in titles(db_url)
    count = next(c.items for c in list_campaigns(db_url) if c.title == section_rows.TITLE)
    assert count == section_rows.EXPECTED["problems"]


def test_the_import_is_audited_with_the_person_who_confirmed_it(browse, db_url, tmp_path):
    client = browse("整改办乙")
    confirm(client, upload(client, section_rows.build(tmp_path / "ledger.xlsx")).text)
    with transaction(db_url) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.kind.in_([LEDGER_IMPORTED, ITEM_IMPORTED]),
                                                          AuditEntry.campaign_id != 1)).all()
    assert len(entries) == section_rows.EXPECTED["problems"] + 1
    assert {e.actor_name for e in entries} == {"整改办乙"}
    assert all(e.data["via"]["channel"] == "web" and e.data["via"]["method"] == "password" for e in entries)


def test_confirming_twice_writes_the_ledger_once(browse, db_url, tmp_path):
    client = browse("整改办甲")
    reading = upload(client, section_rows.build(tmp_path / "ledger.xlsx"))
    confirm(client, reading.text)
    again = confirm(client, reading.text)
    assert again.status_code == 200 and "内容相同，未重复写入" in again.text
    assert titles(db_url).count(section_rows.TITLE) == 1


def test_a_ledger_with_problems_shows_each_with_its_row_and_offers_no_confirm(browse, db_url, tmp_path):
    path = merged_aspect.build(tmp_path / "乡镇台账.xlsx")
    before = titles(db_url)
    client = browse("整改办甲")
    refused = upload(client, path)
    assert refused.status_code == 422
    page = unescape(refused.text)
    assert "未写入任何内容" in page and "乡镇台账.xlsx" in page
    with pytest.raises(LedgerFileInvalid) as check:  # what `rectiflow import --check` says of the same file
        read_ledger(path)
    assert [row for row, _ in merged_aspect.EXPECTED["refused"]] == [p.row for p in check.value.problems]
    shown = re.findall(r'<td data-label="行">([^<]+)</td><td data-label="列">([^<]+)</td>\s*<td data-label="问题">([^<]+)</td>',
                       refused.text)
    assert [(str(p.row), p.column, p.message) for p in check.value.problems] == [tuple(map(unescape, s)) for s in shown]
    assert 'action="/import/confirm"' not in refused.text and not SHA.search(refused.text)
    assert titles(db_url) == before


def test_a_file_that_is_not_a_ledger_is_refused_with_the_reason(browse, db_url, tmp_path):
    path = tmp_path / "说明.txt"
    path.write_text("不是台账", encoding="utf-8")
    refused = upload(browse("整改办甲"), path)
    assert refused.status_code == 422 and "不支持的文件类型「.txt」" in unescape(refused.text)
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    refused = upload(browse("整改办甲"), broken)
    assert refused.status_code == 422 and "不是有效的 Excel" in unescape(refused.text)


def test_a_confirm_naming_no_uploaded_file_is_refused(browse, db_url):
    client = browse("整改办甲")
    token = csrf_of(client.get("/import").text)
    for sha in ("0" * 64, "../../etc/passwd"):
        refused = client.post("/import/confirm", data={"csrf": token, "sha256": sha})
        assert refused.status_code == 404 and "请重新上传" in refused.text


def test_item_text_with_markup_is_shown_as_text_in_the_reading(browse, tmp_path):
    ledger = {"campaign": {"title": "标记测试巡察整改台账", "source_type": "巡察"},
              "aspects": [{"title": "关于<i>作风</i>方面", "items": [
                  {"number": 1, "text": "<script>alert(1)</script>超标准配车", "measures": ["<b>清退</b>"],
                   "lead_unit": "办公室", "leader": "成员甲", "deadline": "2027年3月底"}]}]}
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(ledger, ensure_ascii=False), encoding="utf-8")
    reading = upload(browse("整改办甲"), path)
    assert reading.status_code == 200
    assert "<script>alert(1)" not in reading.text and "&lt;script&gt;alert(1)&lt;/script&gt;超标准配车" in reading.text
    assert "<i>作风" not in reading.text and "&lt;i&gt;作风&lt;/i&gt;" in reading.text


def test_forms_without_the_sessions_token_are_refused_and_nothing_is_written(browse, db_url, tmp_path):
    path = section_rows.build(tmp_path / "ledger.xlsx")
    client = browse("整改办甲")
    with open(path, "rb") as file:
        forged = client.post("/import/check", data={"csrf": "forged"}, files={"ledger": ("l.xlsx", file, XLSX)})
    assert forged.status_code == 403 and "表单已失效" in forged.text
    reading = upload(client, path)
    sha = SHA.search(reading.text).group(1)
    forged = client.post("/import/confirm", data={"sha256": sha})
    assert forged.status_code == 403
    assert section_rows.TITLE not in titles(db_url)


@pytest.mark.parametrize("name", ["办公室联络员", "办公室主任", "组长"])
def test_only_the_office_may_import(browse, db_url, tmp_path, name):
    path = section_rows.build(tmp_path / "ledger.xlsx")
    office = browse("整改办甲")
    sha = SHA.search(upload(office, path).text).group(1)
    client = browse(name)
    assert client.get("/import").status_code == 403
    assert 'href="/import"' not in client.get("/").text
    token = csrf_of(client.get("/").text)
    with open(path, "rb") as file:
        refused = client.post("/import/check", data={"csrf": token}, files={"ledger": ("l.xlsx", file, XLSX)})
    assert refused.status_code == 403 and "仅供整改办" in refused.text
    assert client.post("/import/confirm", data={"csrf": token, "sha256": sha}).status_code == 403
    assert section_rows.TITLE not in titles(db_url)


def test_the_upload_form_is_labelled(browse):
    page = browse("整改办甲").get("/import").text
    for field in ("ledger", "campaign", "source"):
        assert f'<label for="{field}">' in page and f'id="{field}"' in page
    assert 'enctype="multipart/form-data"' in page


def test_a_file_past_the_size_limit_is_refused_and_not_kept(browse, portal_settings, tmp_path):
    from models.files.limits import MAX_FILE_BYTES
    from models.ledger_files.staging import FOLDER

    path = tmp_path / "很大的台账.xlsx"
    with open(path, "wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    refused = upload(browse("整改办甲"), path)
    assert refused.status_code == 422 and "过大" in unescape(refused.text) and not SHA.search(refused.text)
    kept = portal_settings.evidence_dir / FOLDER
    assert not kept.exists() or not [p for p in kept.rglob("*") if p.is_file()]
