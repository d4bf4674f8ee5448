#!/usr/bin/env bash
# Installs the headless browser that the masking service's web-page test drives:
# Debian's "chromium" and "chromium-driver" packages (/usr/bin/chromium, /usr/bin/chromedriver).
#
#   scripts/install-browser.sh          install when missing (needs root), then print the versions
#   scripts/install-browser.sh check    exit 0 when both are installed, 1 otherwise; installs nothing
#
# Idempotent: when both programs are already present it changes nothing. It runs "apt-get update"
# before installing, and installs without recommended packages. On a machine that is not Debian-like
# (no apt-get) or when not root it explains what to do and exits 1.
#
# The browser test (pseudonymize, MaskingPageBrowserTest) runs in the default test suite when
# both programs exist, and is skipped with a message naming this script when they do not.
# TILLIT_CHROMIUM and TILLIT_CHROMEDRIVER override the two paths for the test.
set -euo pipefail

CHROMIUM="${TILLIT_CHROMIUM:-/usr/bin/chromium}"
DRIVER="${TILLIT_CHROMEDRIVER:-/usr/bin/chromedriver}"

say() { echo "install-browser: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

installed() { [ -x "${CHROMIUM}" ] && [ -x "${DRIVER}" ]; }

if [ "${1:-}" = "check" ]; then
  installed
  exit $?
fi
if [ -n "${1:-}" ]; then
  die "unknown argument '${1}'; use no argument or 'check'"
fi

if installed; then
  say "chromium and chromedriver already installed; nothing to do"
else
  command -v apt-get >/dev/null 2>&1 \
    || die "apt-get not found; install chromium and chromedriver with your system's package manager"
  [ "$(id -u)" -eq 0 ] \
    || die "not root; run 'sudo apt-get install chromium chromium-driver' or run this script as root"
  say "installing Debian's chromium and chromium-driver packages"
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    chromium chromium-driver fonts-dejavu-core >&2
  installed || die "apt-get finished but ${CHROMIUM} or ${DRIVER} is still missing"
fi

"${CHROMIUM}" --version 2>/dev/null || true
"${DRIVER}" --version 2>/dev/null || true
