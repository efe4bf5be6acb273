#!/usr/bin/env bash
# Packages editors/vscode as a platform .vsix bundling the given server binary:
#   editors/vscode/package-vsix.sh target/release/cyclecloud-lsp [linux-x64]
# Expects `npm ci` and `npm run build` to have run. Writes
# editors/vscode/cyclecloud-lsp-<target>.vsix.
set -euo pipefail
server="$(realpath "${1:?usage: package-vsix.sh PATH-TO-cyclecloud-lsp [vsce target]}")"
target="${2:-linux-x64}"
cd "$(dirname "$0")"

rm -rf server
mkdir -p server
install -m 0755 "$server" "server/$(basename "$server")"
# Dependencies are bundled into out/extension.js by esbuild, so node_modules does not ship.
npx vsce package --no-dependencies --target "$target" --out "cyclecloud-lsp-$target.vsix"
