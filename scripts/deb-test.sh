#!/usr/bin/env bash
# `make deb-test`: installs out/vigie_*.deb in a fresh Debian bookworm root made here with debootstrap
# (minbase, nothing of this machine's), as a school's IT would: `apt install ./vigie_*.deb`, then
# man-db for `man`. Inside it, with an empty environment and no model in the home folder:
# `vigie --version` is the package's version, `vigie check` on the golden inputs gives exit code 1,
# nothing on stderr and the committed golden JSON report, a video's frames are read (FFmpeg, opened
# at run time, came with the package's dependencies), `man vigie` shows the page, and the
# completions are in place. Needs root and the Debian mirror (VIGIE_DEB_MIRROR). Run `make deb` first.
set -euo pipefail
cd "$(dirname "$0")/.."
MIRROR="${VIGIE_DEB_MIRROR:-http://deb.debian.org/debian}"

debs=(out/vigie_*_amd64.deb)
[ "${#debs[@]}" -eq 1 ] && [ -f "${debs[0]}" ] || { echo "deb-test: want exactly one out/vigie_*_amd64.deb; run make deb" >&2; exit 2; }
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)

root=$(mktemp -d /tmp/vigie-deb-root.XXXXXX)
chmod 0755 "$root" # it is /, which _apt and man (mandb) must be able to enter
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf --one-file-system "$root" "$root.log" "$root.apt.log"
}
trap cleanup EXIT
in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

start=$(date +%s)
debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; exit 2; }
rm -f "$root.log"
echo "deb-test: fresh bookworm root in $(($(date +%s) - start)) s"
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/srv/vigie"
cp "$deb" "$root/srv/vigie/"
cp -r Fixtures "$root/srv/vigie/Fixtures"

step=$(date +%s)
# As a school's IT would type it (apt, not apt-get); man-db is what `man` needs, not Vigie.
in_root sh -c "apt-get update -qq && cd /srv/vigie && DEBIAN_FRONTEND=noninteractive apt install -y ./$(basename "$deb") man-db" \
  >"$root.apt.log" 2>&1 || { tail -n 30 "$root.apt.log" >&2; exit 2; }
grep -E '^(E|W):' "$root.apt.log" | grep -v 'posix_openpt' >&2 || true
rm -f "$root.apt.log"
echo "deb-test: apt install ./$(basename "$deb") in $(($(date +%s) - step)) s"

fail() { echo "deb-test: FAIL: $*" >&2; exit 1; }
[ "$(in_root vigie --version)" = "$version" ] || fail "vigie --version is not $version"
[ ! -e "$root/root/.local/share/vigie" ] || fail "the root already holds a model in the home folder"

# The golden inputs and report of Tests/EndToEndTests/GoldenTests.swift.
set +e
in_root sh -c 'cd /srv/vigie && NO_COLOR=1 vigie check --format json --lang en --no-progress --jobs 2 \
  Fixtures/sample Fixtures/text/contact-paragraph.png >report.json 2>stderr.txt'
status=$?
set -e
[ "$status" -eq 1 ] || { cat "$root/srv/vigie/stderr.txt" >&2; fail "vigie check exited with $status, not 1"; }
[ ! -s "$root/srv/vigie/stderr.txt" ] || { cat "$root/srv/vigie/stderr.txt" >&2; fail "vigie check wrote to stderr"; }
sed "s/\"version\" : \"$version\"/\"version\" : \"<version>\"/" "$root/srv/vigie/report.json" >"$root/srv/vigie/report.normalised.json"
diff -u Tests/EndToEndTests/Goldens/check.json "$root/srv/vigie/report.normalised.json" || fail "the report differs from the golden"

# FFmpeg's libraries are opened when a video needs them, not named by the binary: Depends must bring
# them (scripts/deb.sh). A video's frames are read only through them.
set +e
in_root sh -c 'cd /srv/vigie && vigie check --format json --no-progress --no-ocr Fixtures/video/gps-artist.mov >video.json 2>video.err'
status=$?
set -e
[ "$status" -eq 1 ] && grep -q '"framesChecked" : 1' "$root/srv/vigie/video.json" && ! grep -q '"rule" : "file\.' "$root/srv/vigie/video.json" ||
  { cat "$root/srv/vigie/video.json" "$root/srv/vigie/video.err" >&2; fail "the video's frames were not read (exit $status)"; }
in_root sh -c 'MANPAGER=cat MANWIDTH=100 man vigie' >"$root/srv/vigie/man.txt" 2>&1 || { cat "$root/srv/vigie/man.txt" >&2; fail "man vigie"; }
grep -q "vigie check" "$root/srv/vigie/man.txt" || fail "man vigie does not describe vigie check"
for f in /usr/share/bash-completion/completions/vigie /usr/share/zsh/vendor-completions/_vigie \
  /usr/share/fish/vendor_completions.d/vigie.fish /usr/share/doc/vigie/copyright; do
  [ -s "$root$f" ] || fail "$f is missing"
done
echo "deb-test: ok: vigie $version installed in a fresh bookworm root, check exit 1 with the golden report, man vigie; $(($(date +%s) - start)) s in all"
