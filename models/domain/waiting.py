"""How long something has waited (a sign-off request), as people say it: 2天3小时, 5小时12分."""
from datetime import datetime


def waited(since: datetime, now: datetime) -> str:
    delta = now - since
    days, hours, minutes = delta.days, delta.seconds // 3600, delta.seconds % 3600 // 60
    return f"{days}天{hours}小时" if days else f"{hours}小时{minutes}分"
