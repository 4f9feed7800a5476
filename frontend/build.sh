#!/usr/bin/env bash
# Build Scrutiny's brand-neutral GOV.UK Frontend assets.
#
# Output goes to scrutiny/static/govuk/ and is committed on purpose, so that
# running Scrutiny never needs Node or a build step. Re-run this only when
# changing frontend/scss/ or the versions pinned in frontend/package.json.
#
# Usage (from anywhere):  bash frontend/build.sh
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "${FRONTEND_DIR}/.." && pwd)"
OUT_DIR="${REPO_DIR}/scrutiny/static/govuk"
GOVUK_DIST="${FRONTEND_DIR}/node_modules/govuk-frontend/dist/govuk"

cd "${FRONTEND_DIR}"

echo "==> npm ci"
# --ignore-scripts: nothing here needs install scripts (sass's optional
# @parcel/watcher is only used by `sass --watch`).
npm ci --no-audit --no-fund --ignore-scripts

pkg_version() {
  node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version' \
    "node_modules/$1/package.json"
}
GOVUK_VERSION="$(pkg_version govuk-frontend)"
SASS_VERSION="$(pkg_version sass)"
echo "==> govuk-frontend ${GOVUK_VERSION}, sass ${SASS_VERSION}"

# Start from a clean output directory (it contains only generated files).
rm -rf "${OUT_DIR}"
mkdir -p "${OUT_DIR}"

echo "==> Compiling scss/scrutiny.scss"
# Writes scrutiny.css plus scrutiny.css.map beside it; the CSS ends with
# /*# sourceMappingURL=scrutiny.css.map */ (WhiteNoise/Django manifest storage
# requires the referenced map to exist).
./node_modules/.bin/sass \
  --load-path=node_modules \
  --style=compressed \
  --source-map \
  --no-error-css \
  scss/scrutiny.scss "${OUT_DIR}/scrutiny.css"

echo "==> Copying JavaScript (ES module)"
cp "${GOVUK_DIST}/govuk-frontend.min.js" "${OUT_DIR}/"
if [[ -f "${GOVUK_DIST}/govuk-frontend.min.js.map" ]]; then
  cp "${GOVUK_DIST}/govuk-frontend.min.js.map" "${OUT_DIR}/"
else
  # No map shipped: strip the dangling comment so manifest storage doesn't fail.
  sed -i -e 's|//# sourceMappingURL=[^[:space:]]*||' "${OUT_DIR}/govuk-frontend.min.js"
fi

# Django's manifest storage only recognises (and rewrites to the hashed name) a
# sourceMappingURL comment that starts its own line; minified output puts it at
# the end of the last line, so move it onto a line of its own. This comes after
# all mapped code, so the maps stay valid.
sed -i -e 's|\(.\)/\*# sourceMappingURL=|\1\n/*# sourceMappingURL=|' "${OUT_DIR}/scrutiny.css"
sed -i -e 's|\(.\)//# sourceMappingURL=|\1\n//# sourceMappingURL=|' "${OUT_DIR}/govuk-frontend.min.js"

echo "==> Copying assets (without fonts/ – we do not ship GDS Transport)"
mkdir -p "${OUT_DIR}/assets"
for entry in "${GOVUK_DIST}/assets/"*; do
  [[ "$(basename "${entry}")" == "fonts" ]] && continue
  cp -R "${entry}" "${OUT_DIR}/assets/"
done

cat > "${OUT_DIR}/VERSION" <<VERSION
govuk-frontend ${GOVUK_VERSION}
sass ${SASS_VERSION}
VERSION

echo "==> Checking output"
fail=0
CSS="${OUT_DIR}/scrutiny.css"
if grep -q 'GDS Transport\|/assets/fonts\|\.woff' "${CSS}"; then
  echo "ERROR: compiled CSS still references GDS Transport / fonts" >&2
  fail=1
fi
# Every url(...) must point under /static/govuk/assets/ and exist on disk.
while IFS= read -r url; do
  path="${url#url(}"; path="${path%)}"; path="${path//\"/}"; path="${path//\'/}"
  case "${path}" in
    /static/govuk/assets/*)
      if [[ ! -f "${OUT_DIR}/assets/${path#/static/govuk/assets/}" ]]; then
        echo "ERROR: ${path} referenced by CSS but not copied" >&2
        fail=1
      fi
      ;;
    data:*) ;;
    *) echo "ERROR: unexpected url in CSS: ${path}" >&2; fail=1 ;;
  esac
done < <(grep -o 'url([^)]*)' "${CSS}" | sort -u)
# Every icon listed in manifest.json must exist.
if [[ -f "${OUT_DIR}/assets/manifest.json" ]]; then
  while IFS= read -r src; do
    if [[ ! -f "${OUT_DIR}/assets/${src}" ]]; then
      echo "ERROR: manifest.json icon ${src} missing" >&2
      fail=1
    fi
  done < <(node -e 'for (const i of require(process.argv[1]).icons || []) console.log(i.src)' "${OUT_DIR}/assets/manifest.json")
fi
# Every sourceMappingURL must point at a file that exists beside it.
for f in "${OUT_DIR}"/*.css "${OUT_DIR}"/*.js; do
  map="$(grep -o 'sourceMappingURL=[^[:space:]*]*' "${f}" | sed 's/sourceMappingURL=//' || true)"
  if [[ -n "${map}" && ! -f "${OUT_DIR}/${map}" ]]; then
    echo "ERROR: ${f} references missing source map ${map}" >&2
    fail=1
  fi
done
if [[ -d "${OUT_DIR}/assets/fonts" ]]; then
  echo "ERROR: fonts/ was copied" >&2
  fail=1
fi
[[ "${fail}" -eq 0 ]] || exit 1

echo "==> Done:"
(cd "${OUT_DIR}" && find . -type f | sort | xargs ls -l | awk '{print "    " $5 "\t" $9}')
