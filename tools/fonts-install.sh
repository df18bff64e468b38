#!/usr/bin/env bash
# Install what the shuangyong-office tests (and its PDF format) need from Debian's packages:
#
#   fonts-noto-cjk        Noto Serif/Sans CJK SC: the fonts the PDF's font stack names
#   poppler-utils         pdftotext, pdffonts, pdftoppm: the tests read the PDF back with them
#   libpango-1.0-0        WeasyPrint's text layout (it loads these with cffi at run time; pip
#   libpangoft2-1.0-0     cannot install them, and a missing one only shows when a PDF is made)
#   libharfbuzz-subset0   WeasyPrint subsets embedded fonts with it (a CJK font is 20+ MB whole)
#   fontconfig            fc-list / fc-match, and the font cache Pango reads
#
#   bash tools/fonts-install.sh          # idempotent; prints nothing on stdout
#
# Only what is missing is installed, so a second run is a few dpkg look-ups. Installing needs
# root and apt-get (CI runs as root on Debian); elsewhere the script names the packages to
# install and fails. After installing it checks the result: a Noto CJK font that fontconfig
# finds for Chinese, and the three poppler tools on PATH. Any failure is loud: a message on
# stderr and a non-zero status.
set -euo pipefail

PACKAGES=(fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)
TOOLS=(pdftotext pdffonts pdftoppm fc-list)

say() { printf '==> fonts-install: %s\n' "$*" >&2; }
die() { printf 'tools/fonts-install.sh: error: %s\n' "$*" >&2; exit 1; }

installed() {
    # dpkg-query prints "install ok installed" only for a package that is fully installed
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "${PACKAGES[@]}"; do
        installed "$pkg" || missing+=("$pkg")
    done
else
    # not Debian: judge by the tools and fonts themselves (checked below)
    say "dpkg-query not found: not a Debian system, checking the tools and fonts only"
fi

if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] \
        || die "missing packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}"
    command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]} and apt-get is not available"
    say "installing ${missing[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install ${missing[*]} failed"
    # the font cache is rebuilt by the package's trigger; once more does no harm and makes sure
    # a font installed a moment ago is seen by the next process
    fc-cache -f >/dev/null 2>&1 || die "fc-cache failed after installing fonts"
fi

for tool in "${TOOLS[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not on PATH (package poppler-utils or fontconfig)"
done
# read into a variable first: `fc-list | grep -q` under pipefail can fail on SIGPIPE
zh_fonts="$(fc-list ':lang=zh-cn' family)" || die "fc-list failed"
if ! grep -q 'Noto Serif CJK SC\|Noto Sans CJK SC' <<<"$zh_fonts"; then
    die "fontconfig finds no Noto CJK SC font for Chinese (package fonts-noto-cjk)"
fi
say "Noto CJK fonts, poppler-utils and WeasyPrint's libraries are installed"
