"""deliver(): one message to one apprise URL, reported exactly — what went wrong, in Chinese, and whether trying
again can help.

Traffic stays on 127.0.0.1: real SMTP/HTTP receivers for mail and webhooks; the DingTalk, WeCom and Feishu/Lark
channels post to the HTTP receiver, which answers exactly what those services answer (receivers.vendor_api).
"""

import base64
import hashlib
import hmac
import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
from receivers import (
    BUSY_MAILBOX,
    DINGTALK_KEYWORDS,
    DINGTALK_NO_TOKEN,
    DINGTALK_OK,
    DINGTALK_SIGN_MISMATCH,
    DINGTALK_TOO_FAST,
    FEISHU_OK,
    FEISHU_SIGN_FAILED,
    LOOPBACK,
    REJECTED_MAILBOX,
    WECOM_INVALID_WEBHOOK,
    WECOM_OK,
)

from notifications.channels import Delivery, deliver
from notifications.sink import sink_url

pytestmark = pytest.mark.usefixtures("loopback_only")

TITLE = "整改通知：消防通道堵塞"
BODY = "**责任单位**：后勤保障处\n\n请于 3 个工作日内完成整改并上传佐证材料。"
TABLE = "| 方面 | 已销号 | 合计 |\n| --- | --- | --- |\n| 党建 | 2 | 5 |\n| 业务 | 1 | 3 |"


def request_parts(request) -> tuple[str, dict[str, list[str]], dict]:
    """(path, query, JSON body) of a request the receiver got."""
    url = urlsplit(request.path)
    return url.path, parse_qs(url.query), request.json()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


# ---- email ----------------------------------------------------------------------------


def test_email_reaches_smtp_receiver_with_chinese_subject_and_body(smtp_receiver):
    delivery = deliver(smtp_receiver.mailto_url(to="zhangsan@example.org"), TITLE, BODY)

    assert delivery == Delivery(ok=True)
    [mail] = smtp_receiver.messages
    assert mail.recipients == ["zhangsan@example.org"]
    assert mail.subject == TITLE
    assert "<strong>责任单位</strong>：后勤保障处" in mail.html  # Markdown became HTML
    assert "请于 3 个工作日内完成整改并上传佐证材料。" in mail.html


def test_email_carries_attachment(smtp_receiver, tmp_path):
    evidence = tmp_path / "整改佐证.txt"
    evidence.write_text("已清理通道", encoding="utf-8")

    delivery = deliver(smtp_receiver.mailto_url(to="zhangsan@example.org"), TITLE, BODY, attachments=[evidence])

    assert delivery.ok
    [mail] = smtp_receiver.messages
    assert mail.attachments == {"整改佐证.txt": "已清理通道".encode()}


def test_email_carries_the_idempotency_key_as_its_message_id(smtp_receiver):
    for _ in range(2):  # sent again after a timeout: the same Message-ID, so the mail system can tell
        assert deliver(smtp_receiver.mailto_url(to="zhangsan@example.org"), TITLE, BODY, key="rf-0a1b2c-17").ok

    ids = [mail.message.get_all("Message-ID") for mail in smtp_receiver.messages]
    assert ids == [["<rf-0a1b2c-17@example.org>"], ["<rf-0a1b2c-17@example.org>"]]


def test_email_plain_text_part_keeps_a_table_as_rows(smtp_receiver):
    assert deliver(smtp_receiver.mailto_url(to="zhangsan@example.org"), TITLE, f"本周汇总：\n\n{TABLE}").ok

    [mail] = smtp_receiver.messages
    assert "| 党建 | 2 | 5 |" in mail.text and "| 业务 | 1 | 3 |" in mail.text
    assert "<table>" in mail.html  # the HTML part is still a table


def test_mailbox_the_server_rejects_fails_at_once_with_its_code(smtp_receiver):
    delivery = deliver(smtp_receiver.mailto_url(to=REJECTED_MAILBOX), TITLE, BODY)

    assert not delivery.ok and delivery.permanent and not delivery.timed_out
    assert delivery.error.startswith("邮件服务器拒收（550 5.1.1")
    assert "User unknown" in delivery.error and delivery.advice == "核对收件地址是否存在、是否写错"


def test_busy_mail_server_is_tried_again(smtp_receiver):
    delivery = deliver(smtp_receiver.mailto_url(to=BUSY_MAILBOX), TITLE, BODY)

    assert not delivery.ok and not delivery.permanent
    assert delivery.error.startswith("邮件服务器暂时拒收（451 4.7.1")


def test_mail_server_not_running_is_a_refused_connection():
    delivery = deliver(f"mailto://{LOOPBACK}:{closed_port()}?from=a@example.org&to=b@example.org", TITLE, BODY)

    assert not delivery.ok and not delivery.permanent
    assert delivery.error == "连接被拒绝（接收方未运行或地址、端口有误），稍后重试"


def test_missing_attachment_is_a_failure_before_sending(smtp_receiver, tmp_path):
    delivery = deliver(
        smtp_receiver.mailto_url(to="zhangsan@example.org"), TITLE, BODY, attachments=[tmp_path / "不存在.pdf"]
    )

    assert delivery == Delivery(ok=False, error="附件不存在: 不存在.pdf")
    assert smtp_receiver.messages == []


# ---- JSON webhook ---------------------------------------------------------------------


def test_json_webhook_reaches_http_receiver(http_receiver):
    delivery = deliver(http_receiver.json_url("/hooks/rectiflow"), TITLE, BODY)

    assert delivery == Delivery(ok=True)
    [request] = http_receiver.requests
    assert (request.method, request.path) == ("POST", "/hooks/rectiflow")
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {"version": "1.0", "title": TITLE, "message": BODY, "attachments": [], "type": "info"}


def test_json_webhook_carries_the_idempotency_key_as_a_header(http_receiver):
    assert deliver(http_receiver.json_url(), TITLE, BODY, key="rf-0a1b2c-17").ok

    assert http_receiver.requests[0].headers["idempotency-key"] == "rf-0a1b2c-17"


def test_http_500_is_tried_again(http_receiver):
    http_receiver.answer(status=500)

    delivery = deliver(http_receiver.json_url(), TITLE, BODY)

    assert delivery == Delivery(ok=False, error="接收方暂时无法处理（HTTP 500），稍后重试")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_http_4xx_fails_at_once(http_receiver, status):
    http_receiver.answer(status=status)

    delivery = deliver(http_receiver.json_url(), TITLE, BODY)

    assert not delivery.ok and delivery.permanent
    assert delivery.error == f"接收方拒绝了消息（HTTP {status}）"


@pytest.mark.parametrize("status", [408, 429])
def test_http_rate_limit_and_request_timeout_are_tried_again(http_receiver, status):
    http_receiver.answer(status=status)

    assert not deliver(http_receiver.json_url(), TITLE, BODY).permanent


@pytest.mark.slow  # waits out a real timeout
def test_receiver_that_takes_the_message_and_hangs_is_named_a_timeout(http_receiver):
    http_receiver.hold_responses()

    delivery = deliver(http_receiver.json_url(), TITLE, BODY, timeout_seconds=1)

    assert not delivery.ok and not delivery.permanent and delivery.timed_out
    assert delivery.error.startswith("接收方 1 秒内没有应答（超时；消息可能已送达")
    assert len(http_receiver.requests) == 1  # it arrived; the answer never came


def test_webhook_not_running_is_a_refused_connection():
    delivery = deliver(f"json://{LOOPBACK}:{closed_port()}/hook", TITLE, BODY)

    assert not delivery.ok and not delivery.permanent and not delivery.timed_out
    assert delivery.error == "连接被拒绝（接收方未运行或地址、端口有误），稍后重试"


def test_concurrent_deliveries_keep_their_own_failure_reasons(http_receiver):
    http_receiver.answer(status=500)
    http_receiver.hold_responses()
    with ThreadPoolExecutor(max_workers=1) as pool:
        held = pool.submit(deliver, http_receiver.json_url(), TITLE, BODY)
        http_receiver.wait_for_requests(1)
        # apprise logs this failure while the held delivery is capturing apprise's log
        assert deliver("nosuchscheme://elsewhere", TITLE, BODY).permanent
        http_receiver.release()
        delivery = held.result()

    assert delivery.error == "接收方暂时无法处理（HTTP 500），稍后重试"


# ---- URLs apprise cannot use ----------------------------------------------------------


@pytest.mark.parametrize(
    "url, shown",
    [
        ("nosuchscheme://admin:s3cret@example.org/path", "nosuchscheme://…"),
        ("admin:s3cret@example.org", "缺少协议头（如 mailto://）"),
        ("dingtalk://s3cret-不是令牌/", "dingtalk://…"),  # known scheme, token the plugin rejects
    ],
)
def test_unparseable_url_is_permanent_failure(url, shown):
    delivery = deliver(url, TITLE, BODY)

    assert delivery == Delivery(ok=False, permanent=True, error=f"无法识别的通知地址: {shown}")
    assert "s3cret" not in delivery.error


# ---- DingTalk ---------------------------------------------------------------------------


def test_dingtalk_signed_robot_gets_markdown_with_a_correct_signature(vendor_api):
    vendor_api.answer(DINGTALK_OK)
    secret = "SEC0123456789abcdef"

    delivery = deliver(f"dingtalk://{secret}@0123abcd/13800000000/", TITLE, BODY, key="rf-0a1b2c-17")

    assert delivery == Delivery(ok=True)
    [request] = vendor_api.requests
    path, query, payload = request_parts(request)
    assert path == "/robot/send"
    assert request.headers["content-type"] == "application/json; charset=utf-8"
    assert request.headers["idempotency-key"] == "rf-0a1b2c-17"
    assert payload == {
        "msgtype": "markdown",
        "markdown": {"title": TITLE, "text": BODY},
        "at": {"atMobiles": ["13800000000"], "isAtAll": False},
    }
    [timestamp] = query.pop("timestamp")
    expected_sign = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query == {"access_token": ["0123abcd"], "sign": [expected_sign]}  # encoded once, decoded once


def test_dingtalk_robot_without_secret_is_sent_no_signature(vendor_api):
    vendor_api.answer(DINGTALK_OK)

    assert deliver("dingtalk://0123abcd/", TITLE, BODY).ok

    _, query, _ = request_parts(vendor_api.requests[0])
    assert query == {"access_token": ["0123abcd"]}


def test_dingtalk_sign_mismatch_fails_at_once_and_says_where_the_secret_goes(vendor_api):
    vendor_api.answer(DINGTALK_SIGN_MISMATCH)

    delivery = deliver("dingtalk://0123abcd/", TITLE, BODY)

    assert not delivery.ok and delivery.permanent
    assert delivery.error.startswith("钉钉机器人加签不符：地址中的加签密钥与机器人设置的不一致，或写错了位置（钉钉返回错误 "
                                     "errcode=310000: sign not match")
    assert "dingtalk://密钥@令牌/" in delivery.advice


@pytest.mark.parametrize("answer, meaning", [
    (DINGTALK_KEYWORDS, "消息不含钉钉机器人设置的自定义关键词"),
    (DINGTALK_NO_TOKEN, "机器人令牌无效（token is not exist）"),
], ids=["keywords", "token"])
def test_dingtalk_configuration_errors_fail_at_once(vendor_api, answer, meaning):
    vendor_api.answer(answer)

    delivery = deliver("dingtalk://0123abcd/", TITLE, BODY)

    assert delivery.permanent and delivery.error.startswith(meaning)


def test_dingtalk_rate_limit_is_tried_again(vendor_api):
    vendor_api.answer(DINGTALK_TOO_FAST)

    delivery = deliver("dingtalk://0123abcd/", TITLE, BODY)

    assert delivery == Delivery(ok=False, error="钉钉返回错误 errcode=130101: send too fast, exceed 20 times per minute")


def test_dingtalk_text_format_sends_text_message(vendor_api):
    vendor_api.answer(DINGTALK_OK)

    assert deliver("dingtalk://0123abcd/?format=text", TITLE, BODY).ok

    _, _, payload = request_parts(vendor_api.requests[0])
    assert payload["msgtype"] == "text"
    assert payload["text"] == {"content": f"{TITLE}\r\n{BODY}"}


@pytest.mark.slow  # waits out a real timeout
def test_dingtalk_that_hangs_is_a_timeout(vendor_api):
    vendor_api.hold_responses()

    delivery = deliver("dingtalk://0123abcd/", TITLE, BODY, timeout_seconds=1)

    assert delivery.timed_out and not delivery.permanent
    assert delivery.error.startswith("接收方 1 秒内没有应答（超时")


# ---- WeCom bot ------------------------------------------------------------------------


def test_wecombot_invalid_webhook_fails_at_once(vendor_api):
    vendor_api.answer(WECOM_INVALID_WEBHOOK)

    delivery = deliver("wecombot://bot-key-1", TITLE, BODY)

    assert delivery.permanent
    assert delivery.error.startswith("机器人 webhook 地址无效（invalid webhook url）（企业微信返回错误 errcode=93000")


def test_wecombot_address_as_wecom_shows_it_works(vendor_api):
    vendor_api.answer(WECOM_OK)

    delivery = deliver("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bot-key-1", TITLE, BODY, key="k-1")

    assert delivery == Delivery(ok=True)
    [request] = vendor_api.requests
    path, query, payload = request_parts(request)
    assert (path, query) == ("/cgi-bin/webhook/send", {"key": ["bot-key-1"]})
    assert payload == {"msgtype": "text", "text": {"content": f"{TITLE}\r\n{BODY}"}}
    assert request.headers["idempotency-key"] == "k-1"


# ---- Feishu / Lark --------------------------------------------------------------------


def test_feishu_sign_check_fails_at_once_and_says_what_to_change(vendor_api):
    vendor_api.answer(FEISHU_SIGN_FAILED)

    delivery = deliver("feishu://hook-token-1", TITLE, BODY)

    assert delivery.permanent
    assert delivery.error.startswith("签名校验失败（sign match fail）（飞书返回错误 code=19021")
    assert "关闭「签名校验」" in delivery.advice


@pytest.mark.parametrize("url,path,separator", [
    ("feishu://hook-token-1", "/open-apis/bot/v2/hook/hook-token-1/", "\r\n"),
    ("lark://hook-token-1", "/open-apis/bot/v2/hook/hook-token-1", "\n"),
], ids=["feishu", "lark"])
def test_feishu_and_lark_code_zero_is_success(vendor_api, url, path, separator):
    vendor_api.answer(FEISHU_OK)

    assert deliver(url, TITLE, BODY) == Delivery(ok=True)

    sent_to, query, payload = request_parts(vendor_api.requests[0])
    assert (sent_to, query) == (path, {})
    assert payload == {"msg_type": "text", "content": {"text": f"{TITLE}{separator}{BODY}"}}


def test_feishu_legacy_status_code_zero_is_success(vendor_api):
    vendor_api.answer({"Extra": None, "StatusCode": 0, "StatusMessage": "success"})

    assert deliver("feishu://hook-token-1", TITLE, BODY) == Delivery(ok=True)


def test_api_answer_that_is_not_json_is_tried_again(vendor_api):
    vendor_api.answer("<html>502 Bad Gateway</html>")

    delivery = deliver("wecombot://bot-key-1", TITLE, BODY)

    assert delivery == Delivery(ok=False, error="企业微信返回了无法识别的响应: <html>502 Bad Gateway</html>")


def test_api_http_error_is_named_by_its_status(vendor_api):
    vendor_api.answer({"code": 9499, "msg": "Bad Request"}, status=400)

    delivery = deliver("feishu://hook-token-1", TITLE, BODY)

    assert delivery.permanent and delivery.error == "接收方拒绝了消息（HTTP 400）"


# ---- local sink -----------------------------------------------------------------------


def test_sink_appends_readable_record(tmp_path):
    messages = tmp_path / "尚未创建" / "messages.log"

    assert deliver(sink_url(messages, "张三"), TITLE, BODY) == Delivery(ok=True)
    assert deliver(sink_url(messages, "李四"), "第二条", "正文二") == Delivery(ok=True)

    records = messages.read_text(encoding="utf-8").split("===== ")[1:]
    assert len(records) == 2
    assert f"收件人: 张三\n标题: {TITLE}\n正文:\n{BODY}\n" in records[0]
    assert "收件人: 李四\n标题: 第二条\n正文:\n正文二\n" in records[1]


def test_sink_url_survives_spaces_and_chinese_in_path(tmp_path):
    messages = tmp_path / "消息 记录" / "m.log"

    assert deliver(sink_url(messages, "王五"), TITLE, BODY).ok
    assert "收件人: 王五" in messages.read_text(encoding="utf-8")
