"""DingTalk, WeCom bot and Feishu/Lark plugins that also read the API's verdict from the body.

These APIs answer HTTP 200 and report a rejection (bad keyword, bad signature, revoked bot)
only in the JSON body: ``errcode`` for DingTalk/WeCom, ``code`` for Feishu/Lark. The apprise
1.13 plugins look at the status code alone, so a rejected message counts as sent. Each
subclass here posts the payload its apprise parent builds (DingTalk: with two fixes, noted
below) and then checks the body; what went wrong is left on the plugin instance
(``failure``: notifications/failures.py) for the caller.

They are instantiated per message by ``notifications.channels`` and never registered with
apprise, so nothing outside that call sees them.
"""

import json
from typing import Any, ClassVar
from urllib.parse import unquote

import requests
from apprise import NotifyBase, NotifyFormat, NotifyType
from apprise.plugins.dingtalk import NotifyDingTalk
from apprise.plugins.feishu import NotifyFeishu
from apprise.plugins.lark import NotifyLark
from apprise.plugins.wecombot import NotifyWeComBot

from notifications.failures import Failure, api_failure, connection_failure, http_failure, timeout_failure

IDEMPOTENCY_HEADER = "Idempotency-Key"  # as the IETF HTTPAPI draft names it


class _ApiBodyChecked:
    """Mixin for an apprise NotifyBase subclass: POST JSON, then require the body's code to be 0. What went wrong
    is left on the instance as a ``failure`` (notifications.failures), the readable reason included."""

    api_label: ClassVar[str]  # shown to users, e.g. "钉钉"
    # (code field, message field) pairs, most current first
    result_fields: ClassVar[tuple[tuple[str, str], ...]]

    failure: Failure | None = None
    idempotency_key: str | None = None  # sent as an Idempotency-Key header (the services ignore it; a proxy may not)

    def post_and_check(self, url: str, payload: dict[str, Any], params: dict[str, str] | None = None) -> bool:
        self.failure = None
        self.throttle()
        headers = {"User-Agent": self.app_id, "Content-Type": "application/json; charset=utf-8"}
        if self.idempotency_key:
            headers[IDEMPOTENCY_HEADER] = self.idempotency_key
        try:
            response = requests.post(
                url,
                data=json.dumps(payload).encode("utf-8"),
                params=params,
                headers=headers,
                verify=self.verify_certificate,
                timeout=self.request_timeout,
                allow_redirects=self.redirects,
            )
        except requests.Timeout:
            self.failure = timeout_failure(self.socket_read_timeout)
            return False
        except requests.RequestException as e:
            # The exception text carries the URL with its access token; keep it out of warnings.
            self.logger.warning("Connection error sending %s notification: %s.", self.service_name, type(e).__name__)
            self.failure = connection_failure(e)
            return False

        if response.status_code != requests.codes.ok:
            self.logger.warning("Failed to send %s notification: HTTP %s.", self.service_name, response.status_code)
            self.logger.debug("Response Details:\r\n%r", (response.content or b"")[:2000])
            self.failure = http_failure(response.status_code)
            return False

        self.failure = self._rejection_in(response)
        if self.failure:
            self.logger.warning("%s rejected the notification: %s", self.service_name, response.text[:500])
            return False

        self.logger.info("Sent %s notification.", self.service_name)
        return True

    def _rejection_in(self, response: requests.Response) -> Failure | None:
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            return Failure(f"{self.api_label}返回了无法识别的响应: {response.text[:200]}")
        for code_field, message_field in self.result_fields:
            if code_field in answer:
                if answer[code_field] == 0:
                    return None
                return api_failure(self.api_label, code_field, answer[code_field], str(answer.get(message_field, "")))
        return Failure(f"{self.api_label}的响应中没有结果码: {response.text[:200]}")


class DingTalkChecked(_ApiBodyChecked, NotifyDingTalk):
    api_label = "钉钉"
    result_fields = (("errcode", "errmsg"),)

    # Our bodies are Markdown; apprise defaults DingTalk to text. "?format=text" still applies.
    notify_format = NotifyFormat.MARKDOWN

    def send(self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, **kwargs: Any) -> bool:
        url = self.notify_url.format(token=self.token)
        return self.post_and_check(url, self.payload(body, title), self.signature())

    def payload(self, body: str, title: str) -> dict[str, Any]:
        mention = {"atMobiles": self.targets, "isAtAll": False}
        if self.notify_format == NotifyFormat.MARKDOWN:
            # apprise 1.13.1 keeps msgtype "text" here, which DingTalk rejects
            # (fixed upstream in caronc/apprise#1733).
            return {"msgtype": "markdown", "markdown": {"title": title, "text": body}, "at": mention}
        return {"msgtype": "text", "text": {"content": body}, "at": mention}

    def signature(self) -> dict[str, str] | None:
        if not self.secret:
            return None
        timestamp, quoted_sign = self.get_signature()
        # get_signature() already percent-encodes the sign and requests encodes params again;
        # DingTalk expects it encoded exactly once.
        return {"timestamp": timestamp, "sign": unquote(quoted_sign)}


class WeComBotChecked(_ApiBodyChecked, NotifyWeComBot):
    api_label = "企业微信"
    result_fields = (("errcode", "errmsg"),)

    def send(self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, **kwargs: Any) -> bool:
        # apprise's payload; the title is already folded into the body (title_maxlen = 0)
        return self.post_and_check(self.api_url, {"msgtype": "text", "text": {"content": body}})


class FeishuChecked(_ApiBodyChecked, NotifyFeishu):
    api_label = "飞书"
    # Older hooks answered with StatusCode/StatusMessage; current ones with code/msg.
    result_fields = (("code", "msg"), ("StatusCode", "StatusMessage"))

    def send(self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, **kwargs: Any) -> bool:
        # apprise's payload; the title is already folded into the body (title_maxlen = 0)
        url = self.notify_url.format(token=self.token)
        return self.post_and_check(url, {"msg_type": "text", "content": {"text": body}})


class LarkChecked(_ApiBodyChecked, NotifyLark):
    api_label = "Lark"
    result_fields = FeishuChecked.result_fields

    def send(self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, **kwargs: Any) -> bool:
        text = f"{title}\n{body}" if title else body  # as apprise's Lark plugin does
        return self.post_and_check(self.webhook_url, {"msg_type": "text", "content": {"text": text}})


# keyed by the schema apprise's url_to_dict() reports (native https:// forms included)
BODY_CHECKED_PLUGINS: dict[str, type[NotifyBase]] = {
    "dingtalk": DingTalkChecked,
    "wecombot": WeComBotChecked,
    "feishu": FeishuChecked,
    "lark": LarkChecked,
}
