#!/usr/bin/env bash
# Regenerates the pre-subset Noto Sans faces that worker/lib/pdf.ts embeds in every PDF
# (docs/decisions/160-pdf-fonts-as-data-modules.md, "Updated 2026-11-25").
#
# Why offline: @pdf-lib/fontkit's own subsetter drops most Noto Sans outlines, so the Worker embeds
# whole fonts; embedding the full 630 KB faces made every PDF ~650 KB and ~250 ms slower. These
# files are already cut to what Vietnamese administrative documents need, so "whole" is now small.
#
# Needs fontTools (Debian: `apt-get install -y python3-fonttools`), only to regenerate — the build
# and the tests use the committed .ttf files. To widen the glyph set, add ranges to UNICODES, run
# `bash scripts/subset-fonts.sh`, then `npx vitest run test/unit/ballots-pdf.test.ts` and commit.
set -euo pipefail
cd "$(dirname "$0")/.."

SRC=node_modules/@expo-google-fonts/noto-sans
OUT=worker/lib/fonts

# Basic Latin; Latin-1 Supplement (à á â ã × ·); Latin Extended-A (Ă ă Đ đ Ĩ ĩ Ũ ũ, and the letters
# of European names); from Latin Extended-B only Ơ ơ Ư ư and the pinyin tone vowels ǎ ǐ ǒ ǔ ǖ … ǜ;
# the combining marks Vietnamese uses (grave … dot below, U+0300–U+0323); Latin Extended
# Additional, Vietnamese part (Ạ … ỹ); general punctuation (– — ‘ ’ “ ” … • ‰ and the spaces);
# ₫ €; № ™; − (minus); ◌ (dotted circle); � (replacement). Anything else prints as '?'
# (pdf.ts `printable`), never as a blank or a crash.
UNICODES='U+0020-007E,U+00A0-017F,U+01A0-01A1,U+01AF-01B0,U+01CD-01DC,U+0300-0323,U+1EA0-1EF9,U+2000-206F,U+20AB,U+20AC,U+2116,U+2122,U+2212,U+25CC,U+FFFD'
# No OpenType layout tables (GSUB, GPOS, GDEF). pdf-lib draws each glyph at its own advance width
# and ignores fontkit's positions, so kerning and mark positioning never reached the page, yet
# fontkit ran them on every width measurement and every drawText (most of a report's time).
# The substitutions were harmful: ccmp splits ạ ị ọ … into base + dot, liga turns "fi" into one
# glyph, and neither result is in pdf-lib's ToUnicode map (copy/search read "Thi?", "o?ce").

if command -v pyftsubset >/dev/null 2>&1; then
  SUBSET=(pyftsubset)
elif /usr/bin/python3 -c 'import fontTools' 2>/dev/null; then
  SUBSET=(/usr/bin/python3 -m fontTools.subset)
elif python3 -c 'import fontTools' 2>/dev/null; then
  SUBSET=(python3 -m fontTools.subset)
else
  echo 'fontTools not found: apt-get install -y python3-fonttools (or pip install fonttools)' >&2
  exit 1
fi

mkdir -p "$OUT"
subset() { # <source ttf> <output ttf>
  "${SUBSET[@]}" "$1" \
    --output-file="$2" \
    --unicodes="$UNICODES" \
    --layout-features='' --drop-tables+=GSUB,GPOS,GDEF,STAT \
    --name-IDs='0,1,2,3,4,5,6,7,13,14' \
    --notdef-glyph --notdef-outline --recommended-glyphs
  echo "$2: $(wc -c <"$2") bytes"
}
subset "$SRC/400Regular/NotoSans_400Regular.ttf" "$OUT/NotoSans-Regular.subset.ttf"
subset "$SRC/700Bold/NotoSans_700Bold.ttf" "$OUT/NotoSans-Bold.subset.ttf"
# SIL OFL 1.1 travels with the font files (Noto declares no Reserved Font Name).
cp "$SRC/LICENSE_FONT" "$OUT/OFL.txt"
