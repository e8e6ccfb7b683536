"""Why a delivery failed, in Chinese, and whether trying again can help.

Permanent: the receiver said no in a way that will not change by itself — a DingTalk robot whose signing secret
does not match, a revoked WeCom webhook, an HTTP 4xx, a mailbox the mail server refuses (5xx). Such a message fails
at once and the office is told. Transient: the receiver is down, overloaded, slow or unreachable — a 5xx, a rate
limit, a refused connection, a timeout — and the message is tried again later. A timeout is named as one: the
receiver may have taken the message before it went quiet."""
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    reason: str  # what happened, as the office reads it in `notify list --failed` and in the alert
    permanent: bool = False
    timed_out: bool = False
    advice: str | None = None  # what to do about a permanent one


SIGNED_DINGTALK = "加签机器人的地址写作 dingtalk://密钥@令牌/（密钥以 SEC 开头，写在令牌前）"

# (service label, code) -> (what it means, what to do). Codes as the services document and answer them.
PERMANENT_API_CODES: dict[tuple[str, int], tuple[str, str]] = {
    ("钉钉", 300001): ("机器人令牌无效（token is not exist）", "核对组织目录中该地址的 access_token；机器人被删除后需重新添加"),
    ("钉钉", 300005): ("机器人令牌无效（token is not exist）", "核对组织目录中该地址的 access_token；外部群机器人不可用"),
    ("钉钉", 310000): ("机器人安全设置不符", SIGNED_DINGTALK + "；设置了自定义关键词时消息须含该词；设置了 IP 白名单时须含本服务器地址"),
    ("企业微信", 93000): ("机器人 webhook 地址无效（invalid webhook url）", "核对组织目录中该地址的 key；机器人被移出群后需重新添加"),
    ("飞书", 19001): ("机器人令牌无效", "核对组织目录中该地址的 webhook 令牌"),
    ("飞书", 19021): ("签名校验失败（sign match fail）", "Rectiflow 不签名飞书消息：请在机器人设置中关闭「签名校验」，改用自定义关键词或 IP 白名单"),
    ("飞书", 19022): ("本服务器的 IP 不在机器人的白名单中", "在飞书机器人设置中加入本服务器的出口 IP"),
    ("飞书", 19024): ("消息不含机器人设置的自定义关键词", "在飞书机器人设置中调整关键词（如设为「整改」）"),
    ("飞书", 9499): ("请求格式不被接受（Bad Request）", "核对组织目录中该地址是否为飞书自定义机器人的 webhook"),
}
PERMANENT_API_CODES.update({("Lark", code): meaning for (label, code), meaning in PERMANENT_API_CODES.items()
                            if label == "飞书"})


def api_failure(label: str, field: str, code: object, message: str) -> Failure:
    """A vendor API's rejection in an HTTP 200 body."""
    said = f"{label}返回错误 {field}={code}: {message}"
    known = PERMANENT_API_CODES.get((label, code)) if isinstance(code, int) else None
    if known is None:
        return Failure(said)
    meaning, advice = known
    if (label, code) == ("钉钉", 310000):
        meaning = _dingtalk_security(message)
    return Failure(f"{meaning}（{said}）", permanent=True, advice=advice)


def _dingtalk_security(message: str) -> str:
    lowered = message.lower()
    if "sign" in lowered:
        return "钉钉机器人加签不符：地址中的加签密钥与机器人设置的不一致，或写错了位置"
    if "keyword" in lowered:
        return "消息不含钉钉机器人设置的自定义关键词"
    if "whitelist" in lowered or "ip" in lowered:
        return "本服务器的 IP 不在钉钉机器人的白名单中"
    return "钉钉机器人安全设置不符"


def http_failure(status: int) -> Failure:
    if status in (408, 425, 429) or status >= 500:
        return Failure(f"接收方暂时无法处理（HTTP {status}），稍后重试")
    if 400 <= status < 500:
        return Failure(f"接收方拒绝了消息（HTTP {status}）", permanent=True,
                       advice="核对组织目录中的通知地址（路径、令牌或权限）")
    return Failure(f"接收方返回 HTTP {status}")


def smtp_failure(code: int, message: str) -> Failure:
    said = f"{code} {message}".strip()
    if code in (530, 534, 535):
        return Failure(f"邮件服务器登录失败（{said}）", permanent=True, advice="核对发信地址中的账号和密码（或授权码）")
    if 500 <= code < 600:
        return Failure(f"邮件服务器拒收（{said}）", permanent=True, advice="核对收件地址是否存在、是否写错")
    return Failure(f"邮件服务器暂时拒收（{said}），稍后重试")


def timeout_failure(seconds: float) -> Failure:
    return Failure(f"接收方 {seconds:g} 秒内没有应答（超时；消息可能已送达，重试时带相同的消息编号，接收方可据此去重）",
                   timed_out=True)


def connection_failure(error: BaseException | str) -> Failure:
    text = str(error)
    if isinstance(error, TimeoutError) or re.search(r"timed? ?out", text, re.IGNORECASE):
        return Failure("接收方没有应答（超时）", timed_out=True)
    if "refused" in text.lower():
        return Failure("连接被拒绝（接收方未运行或地址、端口有误），稍后重试")
    if re.search(r"name or service not known|getaddrinfo|nodename nor servname|resolve", text, re.IGNORECASE):
        return Failure("无法解析接收方的主机名，稍后重试")
    return Failure(f"网络连接出错（{error.__class__.__name__ if isinstance(error, BaseException) else text[:80]}），稍后重试")


_HTTP_STATUS = re.compile(r"(?:error=|HTTP |status(?: code)?[ =:]+)(\d{3})\b")
_SOCKET = "Socket Exception: "


def from_apprise_log(messages: list[str], timeout_seconds: float) -> Failure | None:
    """A failure read from what an apprise plugin logged (the generic webhooks and any other channel)."""
    for message in messages:
        if message.startswith(_SOCKET):
            failure = connection_failure(message[len(_SOCKET):])
            return timeout_failure(timeout_seconds) if failure.timed_out else failure
    for message in messages:
        status = _HTTP_STATUS.search(message)
        if status:
            return http_failure(int(status.group(1)))
    return None
