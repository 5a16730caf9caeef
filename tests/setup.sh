#!/usr/bin/env bash
# Installs what the tests need beyond cargo, once; does nothing when all of it is present.
#   - Node.js: tests/search.rs runs Pagefind's own search code.
#   - Debian's Chromium, a Japanese font and playwright-core + axe-core from npm:
#     tests/browser.rs (docs/browser-tests.md). Nothing here downloads a browser.
#   - A Java runtime and the W3C Nu HTML checker (vnu-jar from npm): tests/html_validity.rs.
# apt-get needs root; on a machine where you are not, install the packages named below yourself.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium chromium-driver)
# Without a Japanese font, Chromium draws the sample's Japanese as empty boxes in screenshots.
[ -n "$(fc-list :lang=ja 2>/dev/null)" ] || missing+=(fonts-ipafont-gothic)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "tests/setup.sh: installing ${missing[*]}" >&2
  apt-get update
  apt-get install -y "${missing[@]}"
fi

# package-lock.json pins the packages; skip npm when they are already installed at those versions.
# --ignore-scripts: vnu-jar's install script would download a Java of its own; Debian's is used.
stamp=tests/browser/node_modules/.journeyhub-lock
if ! cmp -s tests/browser/package-lock.json "$stamp" 2>/dev/null; then
  npm ci --prefix tests/browser --no-audit --no-fund --ignore-scripts
  cp tests/browser/package-lock.json "$stamp"
fi
