#!/usr/bin/env bash
# Vendors the front-end packages of the web pages from npm, with their
# licences, so that `go run` and `go test` need no npm:
#
#   web/static/vendor/   embedded in the binary (CSS, htmx)
#   web/testdata/vendor/ used by the browser tests only (axe-core)
#
# Change a version below and run `web/vendor.sh`; commit what it writes.
set -euo pipefail
cd "$(dirname "$0")"

UTRECHT_CSS=9.0.4     # @utrecht/component-library-css, EUPL-1.2
VOORBEELD_TOKENS=7.4.1 # @nl-design-system-unstable/voorbeeld-design-tokens, EUPL-1.2
HTMX=2.0.11           # htmx.org, 0BSD
AXE=4.14.1            # axe-core, MPL-2.0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent \
  "@utrecht/component-library-css@$UTRECHT_CSS" \
  "@nl-design-system-unstable/voorbeeld-design-tokens@$VOORBEELD_TOKENS" \
  "htmx.org@$HTMX" \
  "axe-core@$AXE" >/dev/null)

unpack() { # unpack TARBALL DIR
  mkdir -p "$tmp/$2"
  tar xzf "$tmp/$1" -C "$tmp/$2" --strip-components=1
}
unpack "utrecht-component-library-css-$UTRECHT_CSS.tgz" utrecht
unpack "nl-design-system-unstable-voorbeeld-design-tokens-$VOORBEELD_TOKENS.tgz" voorbeeld
unpack "htmx.org-$HTMX.tgz" htmx
unpack "axe-core-$AXE.tgz" axe

rm -rf static/vendor testdata/vendor
mkdir -p static/vendor/utrecht static/vendor/voorbeeld static/vendor/htmx testdata/vendor/axe
cp "$tmp/utrecht/dist/index.css" "$tmp/utrecht/LICENSE.md" static/vendor/utrecht/
cp "$tmp/voorbeeld/dist/theme.css" "$tmp/voorbeeld/LICENSE.md" static/vendor/voorbeeld/
cp "$tmp/htmx/dist/htmx.min.js" "$tmp/htmx/LICENSE" static/vendor/htmx/
cp "$tmp/axe/axe.min.js" "$tmp/axe/LICENSE" testdata/vendor/axe/

sums() { (cd "$1" && find . -type f ! -name README.md | sort | xargs sha256sum); }
cat > static/vendor/README.md <<MD
# Vendored front-end packages

Written by \`web/vendor.sh\` from npm; do not edit by hand.

| package | version | licence | files |
|---|---|---|---|
| @utrecht/component-library-css | $UTRECHT_CSS | EUPL-1.2 | utrecht/index.css |
| @nl-design-system-unstable/voorbeeld-design-tokens | $VOORBEELD_TOKENS | EUPL-1.2 | voorbeeld/theme.css |
| htmx.org | $HTMX | 0BSD | htmx/htmx.min.js |

Each folder holds the package's licence. SHA-256:

\`\`\`
$(sums static/vendor)
\`\`\`
MD
cat > testdata/vendor/README.md <<MD
# Vendored test tools

Written by \`web/vendor.sh\` from npm; used by the browser tests only, not
embedded in the binary.

| package | version | licence | files |
|---|---|---|---|
| axe-core | $AXE | MPL-2.0 | axe/axe.min.js |

\`\`\`
$(sums testdata/vendor)
\`\`\`
MD
echo "vendored: utrecht $UTRECHT_CSS, voorbeeld $VOORBEELD_TOKENS, htmx $HTMX, axe-core $AXE"
