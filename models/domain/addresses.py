"""Which notification addresses may be used. A generic webhook (json://, form://, xml://) posts wherever it
points, so one that points at this network's own services — loopback, private, link-local (the cloud
metadata service at 169.254.169.254) — is refused, unless the `RECTIFLOW_NOTIFY_ALLOW_HOSTS` setting names
the host. The vendors' channels (DingTalk, WeCom, Feishu) and email go to their own hosts."""
import ipaddress
from urllib.parse import urlsplit

WEBHOOK_SCHEMES = frozenset({"json", "jsons", "form", "forms", "xml", "xmls"})


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
