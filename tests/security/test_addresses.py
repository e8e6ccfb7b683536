"""A notification address cannot make the dispatcher post to this network's own services."""
import pytest
from receivers import LOOPBACK_ALLOWED
from sqlalchemy import select
from steps import act
from world import build_world

from models.directory.apply import import_directory
from models.directory.org_file import OrgDoc
from models.domain.addresses import allowed_hosts, refusal
from models.domain.refusals import InvalidInput
from models.queries.people import list_people
from models.store.database import reading, transaction
from models.tables.organisation import Person
from models.tables.outbox import DEAD, SENT, OutboxMessage
from notifications.dispatcher import DispatchConfig, dispatch_due

INTERNAL = ["json://169.254.169.254/latest/meta-data/", "jsons://10.0.0.5/hook", "form://192.168.1.1/admin",
            "xml://127.0.0.1:6379/", "json://localhost:5432/", "json://[::1]:8080/", "json://0.0.0.0/"]


@pytest.mark.parametrize("address", INTERNAL)
def test_an_internal_webhook_address_is_refused_at_directory_import(sqlite_url, address):
    doc = OrgDoc.model_validate({"people": [{"name": "张三", "roles": ["liaison"], "unit": "办公室",
                                             "addresses": [address]}]})
    with pytest.raises(InvalidInput, match="「张三」：通知地址指向内部网络"):
        import_directory(sqlite_url, doc, "测试")
    assert list_people(sqlite_url) == []


def test_the_allow_list_lets_a_named_internal_host_through():
    allowed = allowed_hosts("127.0.0.1， hooks.office.internal")
    assert refusal("json://127.0.0.1:8080/hook", allowed) is None
    assert refusal("json://hooks.office.internal/hook", allowed) is None
    assert refusal("json://10.1.1.1/hook", allowed) is not None


def test_public_and_vendor_addresses_are_not_webhooks_to_check():
    for address in ("json://hooks.example.org/hook", "dingtalk://TOKEN/", "mailto://10.0.0.5?to=a@example.org"):
        assert refusal(address, frozenset()) is None  # an office's mail relay may well be internal


def everyone_at(db_url, address: str) -> None:
    """The world, with every person's address set straight in the database (as an old install may hold it),
    and an item started so that messages wait."""
    build_world(db_url, items=1)
    with transaction(db_url) as session:
        for person in session.scalars(select(Person)):
            person.addresses = [address]
    act(db_url, 1, "start", "办公室联络员")


def test_the_dispatcher_refuses_an_internal_target_it_finds_in_the_outbox(sqlite_url, http_receiver, tmp_path):
    """An address already in the database (older, or written there directly) is checked again at delivery."""
    everyone_at(sqlite_url, http_receiver.json_url())
    config = DispatchConfig(db_url=sqlite_url, fallback_url=None, sink_path=str(tmp_path / "sink.log"))
    report = dispatch_due(config)
    assert report.given_up > 0 and http_receiver.requests == []  # (earlier messages went to the local sink)
    with reading(sqlite_url) as session:
        errors = set(session.scalars(select(OutboxMessage.last_error).where(OutboxMessage.status == DEAD)))
    assert all("内部网络（127.0.0.1）" in e for e in errors)


def test_the_allow_list_setting_lets_the_dispatcher_deliver(sqlite_url, http_receiver, tmp_path):
    everyone_at(sqlite_url, http_receiver.json_url())
    config = DispatchConfig(db_url=sqlite_url, fallback_url=None, sink_path=str(tmp_path / "sink.log"),
                            allowed_hosts=LOOPBACK_ALLOWED)
    assert dispatch_due(config).sent > 0
    with reading(sqlite_url) as session:
        assert set(session.scalars(select(OutboxMessage.status))) == {SENT}


# ---- channel-specific forms: what apprise accepts but reads otherwise than meant ---------------------------------


@pytest.mark.parametrize("address, shown", [
    ("dingtalk://0123abcdef/SEC0123456789abcdef", "dingtalk://SEC0…@0123…/"),  # the README's old example
    ("dingtalk://0123abcdef/13800000000/SECabcdef", "dingtalk://SECa…@0123…/"),
])
def test_a_dingtalk_secret_in_the_wrong_place_is_refused_with_the_right_form(sqlite_url, address, shown):
    doc = OrgDoc.model_validate({"people": [{"name": "张三", "roles": ["liaison"], "unit": "办公室",
                                             "addresses": [address]}]})
    with pytest.raises(InvalidInput) as refused:
        import_directory(sqlite_url, doc, "测试")
    message = str(refused.value)
    assert "「张三」：钉钉地址路径中的" in message and "不是要 @ 的手机号" in message
    assert shown in message and "dingtalk://密钥@令牌/" in message
    assert "0123456789abcdef" not in message  # the secret is not repeated in full
    assert list_people(sqlite_url) == []


@pytest.mark.parametrize("address", ["dingtalk://SEC0123456789abcdef@0123abcdef/",
                                     "dingtalk://SEC0123456789abcdef@0123abcdef/13800000000/",
                                     "dingtalk://0123abcdef/", "wecombot://a1b2c3d4-1111-2222-3333-444455556666",
                                     "feishu://0a1b2c3d-hook-token"])
def test_channel_addresses_in_their_right_form_are_taken(sqlite_url, address):
    doc = OrgDoc.model_validate({"people": [{"name": "张三", "roles": ["liaison"], "unit": "办公室",
                                             "addresses": [address]}]})
    import_directory(sqlite_url, doc, "测试")
    assert [p.name for p in list_people(sqlite_url)] == ["张三"]


@pytest.mark.parametrize("address, says", [
    ("feishu://0a1b2c3d-hook-token/SECRET", "飞书地址只含机器人的 webhook 令牌"),
    ("wecombot://a1b2c3d4-1111/extra", "企业微信机器人地址只含 webhook 的 key"),
])
def test_feishu_and_wecom_addresses_with_extra_parts_are_refused(sqlite_url, address, says):
    doc = OrgDoc.model_validate({"people": [{"name": "张三", "roles": ["liaison"], "unit": "办公室",
                                             "addresses": [address]}]})
    with pytest.raises(InvalidInput, match=says):
        import_directory(sqlite_url, doc, "测试")
