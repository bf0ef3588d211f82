#!/usr/bin/env bash
# Downloads the release binary of candor for this runner and verifies its
# sha256, when the action runs at a release: its tag (CANDOR_VERSION) or
# that tag's commit. Prints bin=PATH to GITHUB_OUTPUT on success; prints
# nothing and exits 0 otherwise, so action.yml builds from source.
set -euo pipefail

case "$RUNNER_OS" in
  Linux) os=linux ;; macOS) os=darwin ;; Windows) os=windows ;;
  *) echo "candor: no release binary for $RUNNER_OS"; exit 0 ;;
esac
case "$RUNNER_ARCH" in
  X64) arch=amd64 ;; ARM64) arch=arm64 ;;
  *) echo "candor: no release binary for $RUNNER_ARCH"; exit 0 ;;
esac
name="candor_${os}_${arch}"
if [ "$os" = windows ]; then name="$name.exe"; fi

base="${GITHUB_SERVER_URL:-https://github.com}/${ACTION_REPO}/releases/download/${CANDOR_VERSION}"
dir="$RUNNER_TEMP/candor-${CANDOR_VERSION}"
mkdir -p "$dir"
get() { curl -fsSL --retry 3 --retry-delay 1 --max-time 60 -o "$dir/$1" "$base/$1"; }

if [ -z "$ACTION_REF" ]; then
  echo "candor: local action (uses: ./): building from source"; exit 0
fi
if [ "$ACTION_REF" != "$CANDOR_VERSION" ]; then
  # A commit pin uses the release only if it is the release's commit.
  if ! [[ "$ACTION_REF" =~ ^[0-9a-f]{40}$ ]] || ! get commit.txt 2>/dev/null ||
     [ "$(tr -d '[:space:]' < "$dir/commit.txt")" != "$ACTION_REF" ]; then
    echo "candor: $ACTION_REF is not release $CANDOR_VERSION: building from source"; exit 0
  fi
fi
if ! get "$name" || ! get checksums.txt; then
  echo "candor: no release $CANDOR_VERSION for $name: building from source"; exit 0
fi

want=$(awk -v n="$name" '$2 == n || $2 == "*"n { print $1 }' "$dir/checksums.txt")
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$dir/$name" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "$dir/$name" | awk '{ print $1 }')
fi
if [ -z "$want" ] || [ "$got" != "$want" ]; then
  echo "::error title=candor::checksum mismatch for $name of $CANDOR_VERSION (got $got, want ${want:-nothing})"
  exit 1
fi
chmod +x "$dir/$name"
echo "candor: using release $CANDOR_VERSION ($name, sha256 $got)"
echo "bin=$dir/$name" >> "$GITHUB_OUTPUT"
