"""Which notification addresses may be used. A generic webhook (json://, form://, xml://) posts wherever it
points, so one that points at this network's own services — loopback, private, link-local (the cloud
metadata service at 169.254.169.254) — is refused, unless the `RECTIFLOW_NOTIFY_ALLOW_HOSTS` setting names
the host. The vendors' channels (DingTalk, WeCom, Feishu) and email go to their own hosts."""
import ipaddress
import re
from urllib.parse import unquote, urlsplit

WEBHOOK_SCHEMES = frozenset({"json", "jsons", "form", "forms", "xml", "xmls"})
CHANNEL_LABELS = {"mailto": "邮件", "mailtos": "邮件", "dingtalk": "钉钉", "wecombot": "企业微信", "feishu": "飞书",
                  "lark": "Lark", "sink": "本地消息文件", **{scheme: "Webhook" for scheme in WEBHOOK_SCHEMES}}


def channel_label(url: str) -> str:
    """The channel as the office names it: 钉钉, 企业微信, 邮件 … (the vendors' own https:// addresses too)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "") if parts.scheme in ("http", "https") else ""
    for domain, label in (("dingtalk.com", "钉钉"), ("weixin.qq.com", "企业微信"), ("feishu.cn", "飞书"),
                          ("larksuite.com", "Lark")):
        if host.endswith(domain):
            return label
    return CHANNEL_LABELS.get(parts.scheme.lower(), parts.scheme or "未知渠道")


def allowed_hosts(setting: str) -> frozenset[str]:
    """"127.0.0.1, hooks.internal" -> the hosts named."""
    return frozenset(h.strip().lower() for h in setting.replace("，", ",").split(",") if h.strip())


def webhook_host(url: str) -> str | None:
    """The host a generic webhook address posts to; None for any other kind of address."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in WEBHOOK_SCHEMES:
        return None
    try:
        return (parts.hostname or "").lower()
    except ValueError:
        return ""


def internal_address(host: str, resolved: list[str] = ()) -> bool:
    """Whether a host (or any address it resolves to) is not on the public internet."""
    if host in ("", "localhost") or host.endswith((".localhost", ".local", ".internal")):
        return True
    for candidate in (host, *resolved):
        try:
            address = ipaddress.ip_address(candidate.strip("[]"))
        except ValueError:
            continue
        if not address.is_global or address.is_multicast:
            return True
    return False


def refusal(url: str, allowed: frozenset[str], resolved: list[str] = ()) -> str | None:
    """Why this address may not be used, in Chinese; None when it may."""
    host = webhook_host(url)
    if host is None or host in allowed or not internal_address(host, resolved):
        return None
    return (f"通知地址指向内部网络（{host or '无主机名'}）：为防止借通知访问内部服务，已拒绝；"
            f"如确需使用，请在 RECTIFLOW_NOTIFY_ALLOW_HOSTS 中列出该主机")


_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,18}$")


def _masked(secret: str) -> str:
    return secret[:4] + "…" if len(secret) > 4 else "…"


def form_problem(url: str) -> str | None:
    """What is wrong with a channel address that apprise would accept but read otherwise than meant, with the right
    form shown (secrets masked); None when the form is right. A DingTalk signed robot written dingtalk://令牌/密钥
    (the secret where apprise expects phone numbers to @) sends unsigned messages that every one fail."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    token = parts.hostname or ""
    path = [unquote(p) for p in parts.path.split("/") if p]
    if scheme == "dingtalk":
        not_phones = [p for p in path if not _PHONE.match(p)]
        if not_phones:
            secret = next((p for p in not_phones if p.upper().startswith("SEC")), not_phones[0])
            return (f"钉钉地址路径中的「{_masked(secret)}」不是要 @ 的手机号。加签机器人的密钥应写在令牌前："
                    f"dingtalk://{_masked(secret)}@{_masked(token)}/（即 dingtalk://密钥@令牌/，"
                    f"要 @ 的手机号跟在后面：dingtalk://密钥@令牌/13800000000/）；不加签的机器人：dingtalk://令牌/")
    if scheme in ("feishu", "lark") and (parts.username or path):
        return (f"{CHANNEL_LABELS[scheme]}地址只含机器人的 webhook 令牌：{scheme}://{_masked(token)}。Rectiflow 不签名"
                f"{CHANNEL_LABELS[scheme]}消息：请在机器人设置中关闭「签名校验」，改用自定义关键词或 IP 白名单")
    if scheme == "wecombot" and (parts.username or path):
        return f"企业微信机器人地址只含 webhook 的 key：wecombot://{_masked(token)}（即 webhook 地址中 key= 之后的部分）"
    return None
