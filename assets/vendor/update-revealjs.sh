#!/usr/bin/env bash
# Refresh the vendored reveal.js (the HTML slide decks' player) from the npm registry.
#
#   bash assets/vendor/update-revealjs.sh [VERSION]      (default: the version below)
#
# `npm pack` fetches the package tarball and checks it against the registry's integrity hash;
# only the files a manim-slides deck loads are kept (plus reveal.js's LICENSE and package.json).
# Change REVEAL_VERSION in hidden_layers/slides.py to match when you change the version.
set -euo pipefail
version=${1:-6.0.1}
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/reveal.js"
files=(LICENSE package.json dist/reveal.js dist/reveal.css dist/theme/black.css
       dist/plugin/notes.js dist/plugin/markdown.js dist/plugin/highlight/zenburn.css)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "reveal.js@$version" >/dev/null && tar xzf "reveal.js-$version.tgz")
got=$(node -e 'console.log(require(process.argv[1]).version)' "$work/package/package.json")
[ "$got" = "$version" ] || { echo "update-revealjs.sh: npm gave reveal.js $got, not $version" >&2; exit 1; }
rm -rf "$target.new" && mkdir -p "$target.new"
for f in "${files[@]}"; do
  mkdir -p "$target.new/$(dirname "$f")"
  cp "$work/package/$f" "$target.new/$f"
done
rm -rf "$target" && mv "$target.new" "$target"
echo "update-revealjs.sh: reveal.js $version -> $target ($(du -sh "$target" | cut -f1))"
