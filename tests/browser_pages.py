"""What the browser tests share: the screen sizes, and screenshots kept as test artifacts
(tests/artifacts/screenshots/; the README embeds two of them, copied to docs/)."""
from pathlib import Path

SCREENSHOTS = Path(__file__).parent / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
