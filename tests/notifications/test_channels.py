"""deliver(): one message to one apprise URL, reported exactly.

Traffic stays on 127.0.0.1: real SMTP/HTTP receivers for mail and webhooks; requests to
the fixed public hosts of DingTalk, WeCom and Feishu/Lark are intercepted in-process.
"""

import base64
import hashlib
import hmac
import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest

from notifications.channels import Delivery, deliver
from notifications.sink import sink_url

pytestmark = pytest.mark.usefixtures("loopback_only")

TITLE = "整改通知：消防通道堵塞"
BODY = "**责任单位**：后勤保障处\n\n请于 3 个工作日内完成整改并上传佐证材料。"


def request_parts(request) -> tuple[str, dict[str, list[str]], dict]:
    """(scheme://host/path, query, JSON body) of an intercepted request."""
    url = urlsplit(request.url)
    return f"{url.scheme}://{url.netloc}{url.path}", parse_qs(url.query), json.loads(request.body)


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


def test_http_500_is_a_failure_with_reason(http_receiver):
    http_receiver.answer(status=500)

    delivery = deliver(http_receiver.json_url(), TITLE, BODY)

    assert not delivery.ok and not delivery.permanent
    assert "error=500" in delivery.error


def test_receiver_that_never_answers_fails_after_timeout(http_receiver):
    http_receiver.hold_responses()

    delivery = deliver(http_receiver.json_url(), TITLE, BODY, timeout_seconds=1)

    assert not delivery.ok and not delivery.permanent
    assert "Connection error" in delivery.error
    assert len(http_receiver.requests) == 1  # it arrived; the answer never came


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

    assert not delivery.ok
    assert "error=500" in delivery.error
    assert "nosuchscheme" not in delivery.error


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


# ---- DingTalk -------------------------------------------------------------------------


def test_dingtalk_errcode_in_200_body_is_failure(intercepted_requests):
    intercepted_requests.answer({"errcode": 310000, "errmsg": "keywords not in content"})

    delivery = deliver("dingtalk://0123abcd/", TITLE, BODY)

    assert delivery == Delivery(ok=False, error="钉钉返回错误 errcode=310000: keywords not in content")
    _, query, _ = request_parts(intercepted_requests.only_request())
    assert query == {"access_token": ["0123abcd"]}  # no secret, no signature


def test_dingtalk_errcode_zero_is_success(intercepted_requests):
    intercepted_requests.answer({"errcode": 0, "errmsg": "ok"})
    secret = "SEC0123456789abcdef"

    delivery = deliver(f"dingtalk://{secret}@0123abcd/13800000000/", TITLE, BODY)

    assert delivery == Delivery(ok=True)
    request = intercepted_requests.only_request()
    endpoint, query, payload = request_parts(request)
    assert endpoint == "https://oapi.dingtalk.com/robot/send"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
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


def test_dingtalk_text_format_sends_text_message(intercepted_requests):
    intercepted_requests.answer({"errcode": 0, "errmsg": "ok"})

    assert deliver("dingtalk://0123abcd/?format=text", TITLE, BODY).ok

    _, _, payload = request_parts(intercepted_requests.only_request())
    assert payload["msgtype"] == "text"
    assert payload["text"] == {"content": f"{TITLE}\r\n{BODY}"}


# ---- WeCom bot ------------------------------------------------------------------------


def test_wecombot_errcode_in_200_body_is_failure(intercepted_requests):
    intercepted_requests.answer({"errcode": 93000, "errmsg": "invalid webhook url"})

    delivery = deliver("wecombot://bot-key-1", TITLE, BODY)

    assert delivery == Delivery(ok=False, error="企业微信返回错误 errcode=93000: invalid webhook url")


def test_wecombot_errcode_zero_is_success(intercepted_requests):
    intercepted_requests.answer({"errcode": 0, "errmsg": "ok"})

    # the webhook address as WeCom shows it works too
    delivery = deliver("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bot-key-1", TITLE, BODY)

    assert delivery == Delivery(ok=True)
    endpoint, query, payload = request_parts(intercepted_requests.only_request())
    assert endpoint == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
    assert query == {"key": ["bot-key-1"]}
    assert payload == {"msgtype": "text", "text": {"content": f"{TITLE}\r\n{BODY}"}}


# ---- Feishu / Lark --------------------------------------------------------------------


def test_feishu_code_in_200_body_is_failure(intercepted_requests):
    intercepted_requests.answer({"code": 19021, "msg": "sign match fail or timestamp is not within one hour"})

    delivery = deliver("feishu://hook-token-1", TITLE, BODY)

    assert delivery == Delivery(
        ok=False, error="飞书返回错误 code=19021: sign match fail or timestamp is not within one hour"
    )


@pytest.mark.parametrize("url,endpoint,separator", [
    ("feishu://hook-token-1", "https://open.feishu.cn/open-apis/bot/v2/hook/hook-token-1/", "\r\n"),
    ("lark://hook-token-1", "https://open.larksuite.com/open-apis/bot/v2/hook/hook-token-1", "\n"),
], ids=["feishu", "lark"])
def test_feishu_and_lark_code_zero_is_success(intercepted_requests, url, endpoint, separator):
    intercepted_requests.answer({"code": 0, "data": {}, "msg": "success"})

    delivery = deliver(url, TITLE, BODY)

    assert delivery == Delivery(ok=True)
    sent_to, query, payload = request_parts(intercepted_requests.only_request())
    assert sent_to == endpoint
    assert query == {}
    assert payload == {"msg_type": "text", "content": {"text": f"{TITLE}{separator}{BODY}"}}


def test_feishu_legacy_status_code_zero_is_success(intercepted_requests):
    intercepted_requests.answer({"Extra": None, "StatusCode": 0, "StatusMessage": "success"})

    assert deliver("feishu://hook-token-1", TITLE, BODY) == Delivery(ok=True)


def test_lark_code_in_200_body_is_failure(intercepted_requests):
    intercepted_requests.answer({"code": 9499, "msg": "Bad Request", "data": {}})

    delivery = deliver("lark://hook-token-1", TITLE, BODY)

    assert delivery == Delivery(ok=False, error="Lark返回错误 code=9499: Bad Request")


def test_api_answer_that_is_not_json_is_failure(intercepted_requests):
    intercepted_requests.answer("<html>502 Bad Gateway</html>")

    delivery = deliver("wecombot://bot-key-1", TITLE, BODY)

    assert delivery == Delivery(ok=False, error="企业微信返回了无法识别的响应: <html>502 Bad Gateway</html>")


def test_api_http_error_is_failure_with_status(intercepted_requests):
    intercepted_requests.answer({"code": 9499, "msg": "Bad Request"}, status=400)

    delivery = deliver("feishu://hook-token-1", TITLE, BODY)

    assert not delivery.ok and not delivery.permanent
    assert "HTTP 400" in delivery.error


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
