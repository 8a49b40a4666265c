#!/usr/bin/env bash
# npm run lint: eslint (eslint.config.mjs: eslint's and typescript-eslint's
# recommended rules) over lib/, test/, scripts/, bench/ and examples/, and
# clang-format (.clang-format: Google style, 120 columns) over native/.
# `npm run lint -- --fix` rewrites what both can fix. Installs Debian's
# clang-format if missing. Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0
[ "${1:-}" = "--fix" ] && fix=1

if ! command -v clang-format >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "lint: installing clang-format"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang-format >/dev/null
fi

mapfile -t sources < <(git ls-files 'native/*.cc' 'native/*.h' 'native/*.inc')
status=0
if [ $fix -eq 1 ]; then
  npx eslint --fix lib test scripts bench examples || status=1
  clang-format -i "${sources[@]}"
else
  npx eslint lib test scripts bench examples || status=1
  clang-format --dry-run --Werror "${sources[@]}" || status=1
fi
if [ $status -eq 0 ]; then
  echo "lint: eslint and clang-format (${#sources[@]} native files) found nothing"
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
fi
exit $status
