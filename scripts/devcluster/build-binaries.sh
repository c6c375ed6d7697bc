#!/usr/bin/env bash
# Builds the binaries the local clusters (and the benchmarks) need, from the Go module proxy,
# once per version, into a cache outside the repo. Prints nothing but progress on stderr;
# safe to run again (a binary already cached is not rebuilt).
#
#   KTAIL_CACHE_DIR  cache root (default: $XDG_CACHE_HOME/ktail or ~/.cache/ktail)
#   KTAIL_BUILD      which parts: "cluster" (etcd, kube-apiserver, kubectl, kwok) or "all" (+ stern, for benchmarks)
set -euo pipefail

ETCD_VERSION="${ETCD_VERSION:-v3.5.21}"
K8S_VERSION="${K8S_VERSION:-v1.33.13}"
KWOK_VERSION="${KWOK_VERSION:-v0.7.0}"
STERN_VERSION="${STERN_VERSION:-v1.34.0}"

cache="${KTAIL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ktail}"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
log() { printf 'build: %s\n' "$*" >&2; }

# one build at a time per cache: two at once (a bench and a `devcluster up`) share the
# wrapper modules and the .tmp outputs, and one removes what the other is building
mkdir -p "$cache"
exec 9>"$cache/.build.lock"
flock 9

# wrapper <dir> <module requirement...>: a throwaway module that requires what we build,
# because `go install pkg@v` refuses modules whose go.mod has replace directives.
wrapper() {
  local dir="$1"; shift
  rm -rf "$dir"; mkdir -p "$dir"
  (cd "$dir" && go mod init ktail.local/build >/dev/null 2>&1 && for req in "$@"; do go mod edit -require="$req"; done)
}

build_etcd() {
  local out="$cache/etcd-$ETCD_VERSION/etcd"
  [ -x "$out" ] && return 0
  log "etcd $ETCD_VERSION"
  local w="$cache/src/etcd-$ETCD_VERSION"
  wrapper "$w"
  mkdir -p "$(dirname "$out")"
  (cd "$w" && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" \
    && go build -trimpath -ldflags='-s -w' -o "$out.tmp" go.etcd.io/etcd/server/v3) && mv "$out.tmp" "$out"
}

# k8s.io/kubernetes pins its staging modules at v0.0.0 with replace => ./staging/...;
# point each at the published v0.<minor>.<patch> instead, read from its own go.mod.
k8s_wrapper() {
  local w="$cache/src/kubernetes-$K8S_VERSION"
  [ -f "$w/.ready" ] && { echo "$w"; return 0; }
  wrapper "$w" "k8s.io/kubernetes@$K8S_VERSION"
  local gomod staging_v
  gomod=$(cd "$w" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  staging_v="v0.${K8S_VERSION#v1.}"
  (cd "$w" && grep -E '^\s*k8s.io/[a-z0-9-]+ => ./staging/' "$gomod" | awk '{print $1}' | while read -r m; do
      go mod edit -replace="$m=$m@$staging_v"; done)
  # the same pins the kubernetes module itself uses for everything else
  (cd "$w" && grep -E '^\s*[a-z0-9./-]+ => [a-z0-9./-]+ v' "$gomod" | grep -v '=> ./' | awk '{print $1"="$3"@"$4}' | while read -r r; do
      go mod edit -replace="$r"; done)
  (cd "$w" && go get "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" "k8s.io/kubernetes/cmd/kubectl@$K8S_VERSION" >&2)
  touch "$w/.ready"; echo "$w"
}

build_k8s() { # build_k8s <cmd>
  local cmd="$1" out="$cache/kubernetes-$K8S_VERSION/$1"
  [ -x "$out" ] && return 0
  log "$cmd $K8S_VERSION (slow the first time: 10-25 min on 2 cores)"
  local w; w=$(k8s_wrapper)
  mkdir -p "$(dirname "$out")"
  (cd "$w" && go build -trimpath -ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION" \
     -o "$out.tmp" "k8s.io/kubernetes/cmd/$cmd") && mv "$out.tmp" "$out"
}

build_go_install() { # build_go_install <name> <pkg> <version>
  local out="$cache/$1-$3/$1"
  [ -x "$out" ] && return 0
  log "$1 $3"
  mkdir -p "$(dirname "$out")"
  GOBIN="$(dirname "$out")" go install -trimpath -ldflags='-s -w' "$2@$3"
}

build_etcd
build_go_install kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK_VERSION"
# kwok's Logs CRD ships in its module, not in the binary: keep it beside the binary
kwok_crd="$cache/kwok-$KWOK_VERSION/kwok.x-k8s.io_logs.yaml"
if [ ! -f "$kwok_crd" ]; then
  src=$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  install -m 0644 "$src/kustomize/crd/bases/kwok.x-k8s.io_logs.yaml" "$kwok_crd"
fi
build_k8s kube-apiserver
build_k8s kubectl
if [ "${KTAIL_BUILD:-cluster}" = all ]; then
  build_go_install stern github.com/stern/stern "$STERN_VERSION"
fi
log "binaries in $cache"
