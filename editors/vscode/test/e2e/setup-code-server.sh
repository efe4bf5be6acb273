#!/usr/bin/env bash
# Installs code-server (VS Code in a browser) from the npm registry into a cache folder, without
# any download outside the registries: `npm install -g code-server` would fetch ripgrep and
# prebuilt native modules from elsewhere, so its postinstall is replayed here by hand, native
# modules are compiled with node-gyp against the system Node headers, and Debian's ripgrep
# stands in for @vscode/ripgrep's download.
#   setup-code-server.sh DIR    (prints nothing else on success; DIR/.ready marks a finished install)
set -euo pipefail
version=4.100.3
dir="$(realpath -m "${1:?usage: setup-code-server.sh DIR}")"
stamp="$dir/.ready-$version"
if [[ -f "$stamp" ]]; then
    exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$node_major" != 20 ]]; then
    echo "error: code-server $version needs Node 20, this is $(node --version)" >&2
    exit 1
fi
nodedir="${npm_config_nodedir:-/usr}"
if [[ ! -f "$nodedir/include/node/node_api.h" ]]; then
    echo "error: Node headers not found under $nodedir/include/node (set npm_config_nodedir)" >&2
    exit 1
fi
rg="$(command -v rg || true)"
if [[ -z "$rg" ]]; then
    echo "error: ripgrep (rg) is not installed (Debian: apt-get install ripgrep)" >&2
    exit 1
fi
node_gyp="$(dirname "$(realpath "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
if [[ ! -f "$node_gyp" ]]; then
    echo "error: npm's bundled node-gyp was not found at $node_gyp" >&2
    exit 1
fi

rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
npm pack --silent "code-server@$version" > /dev/null
tar xzf "code-server-$version.tgz"
rm "code-server-$version.tgz"
cd package

npm_install() { npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error; }
npm_install
(cd lib/vscode && npm_install)

build() { # build DIR [node-gyp args…]
    local module="$1"
    shift
    echo "building $module"
    (cd "$module" && node "$node_gyp" rebuild --nodedir="$nodedir" -j "$(nproc)" --loglevel=error "$@" > build.log 2>&1) || {
        tail -30 "$module/build.log" >&2
        exit 1
    }
}
# argon2 is loaded at start-up (password hashing); node-pre-gyp normally names its output.
build node_modules/argon2 --module_name=argon2 --napi_build_version=3 \
    --module_path="$PWD/node_modules/argon2/lib/binding/napi-v3"
for module in @vscode/spdlog @parcel/watcher native-watchdog node-pty @vscode/deviceid kerberos; do
    build "lib/vscode/node_modules/$module"
done

# What code-server's postinstall.sh does besides installing.
mkdir -p lib/vscode/node_modules/@vscode/ripgrep/bin
ln -sf "$rg" lib/vscode/node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules lib/vscode/node_modules.asar
ln -sf code-linux.sh lib/vscode/bin/remote-cli/code-server
ln -sf browser-linux.sh lib/vscode/bin/helpers/browser.sh

# (code-server writes a default config and logs under the XDG folders: keep them here.)
XDG_CONFIG_HOME="$dir/xdg" XDG_DATA_HOME="$dir/xdg" node out/node/entry.js --version > /dev/null
touch "$stamp"
