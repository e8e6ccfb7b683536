#!/bin/sh
# The portal's browser tests drive Debian's chromium (Playwright's own browser download is not reachable on these
# machines) and need a CJK font for readable screenshots. Installed here when missing and this user may install.
set -e
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "wenquanyi"; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装浏览器测试所需的 chromium 和中文字体（apt-get）…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium fonts-wqy-microhei >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q chromium fonts-wqy-microhei >/dev/null; }
else
  echo "浏览器测试需要 Debian 的 chromium：sudo apt-get install chromium fonts-wqy-microhei（未安装时跳过这些测试）" >&2
fi
