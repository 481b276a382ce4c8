#!/usr/bin/env bash
# git + git-lfs round trip against a running Chorus server. Needs HUB_URL, HF_TOKEN, HF_USER; prints GIT ROUNDTRIP OK.
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Git Tester"
git config --global user.email "tester@example.com"
git config --global init.defaultBranch main
git lfs install >/dev/null
host=${HUB_URL#http://}
api() { curl -sS -f -H "Authorization: Bearer $HF_TOKEN" -H "Content-Type: application/json" "$@"; }

echo "step: create repositories"
api -X POST "$HUB_URL/api/repos/create" -d "{\"name\":\"gitrepo\",\"organization\":\"$HF_USER\",\"type\":\"model\"}" >/dev/null
api -X POST "$HUB_URL/api/repos/create" -d "{\"name\":\"gitdata\",\"organization\":\"$HF_USER\",\"type\":\"dataset\"}" >/dev/null

echo "step: clone and push with LFS"
git clone -q "http://$HF_USER:$HF_TOKEN@$host/$HF_USER/gitrepo" "$work/a"
cd "$work/a"
head -c 3000000 /dev/urandom > model.bin
printf 'hello from git\n' > notes.txt
git add model.bin notes.txt
git commit -q -m "add files over git"
git push -q origin main
pushed=$(git rev-parse HEAD)
[ "$(git lfs ls-files -n)" = "model.bin" ]

echo "step: the API sees the push"
info=$(curl -sS -f "$HUB_URL/api/models/$HF_USER/gitrepo")
grep -q "\"sha\":\"$pushed\"" <<< "$info"
curl -sS -f "$HUB_URL/$HF_USER/gitrepo/resolve/main/model.bin" -o "$work/api-model.bin"
cmp "$work/api-model.bin" model.bin
[ "$(curl -sS -f "$HUB_URL/$HF_USER/gitrepo/resolve/main/notes.txt")" = "hello from git" ]
tree=$(curl -sS -f "$HUB_URL/api/models/$HF_USER/gitrepo/tree/main")
grep -q "\"$(sha256sum model.bin | cut -d' ' -f1)\"" <<< "$tree"

echo "step: API commits are visible to git, and a fresh clone smudges LFS files"
api -X POST "$HUB_URL/api/models/$HF_USER/gitrepo/commit/main" -H "Content-Type: application/x-ndjson" --data-binary \
  $'{"key":"header","value":{"summary":"api edit"}}\n{"key":"file","value":{"path":"api.txt","content":"from the api","encoding":"utf-8"}}' >/dev/null
git pull -q origin main
[ "$(cat api.txt)" = "from the api" ]
git clone -q "http://$host/$HF_USER/gitrepo.git" "$work/b"
cmp "$work/b/model.bin" model.bin
[ "$(cat "$work/b/api.txt")" = "from the api" ]

echo "step: stale pushes are refused"
cd "$work/b" && git remote set-url origin "http://$HF_USER:$HF_TOKEN@$host/$HF_USER/gitrepo.git"
echo other > other.txt && git add other.txt && git commit -q -m other && git push -q origin main
cd "$work/a" && echo mine > mine.txt && git add mine.txt && git commit -q -m mine
if git push -q origin main 2>/dev/null; then echo "non-fast-forward push was accepted"; exit 1; fi

echo "step: a pointer to a large file never uploaded is refused"
cd "$work/b"
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize 12\n' "$(printf 'x%.0s' {1..64} | tr x a)" > fake.bin
git -c filter.lfs.clean=cat -c filter.lfs.required=false add fake.bin
git commit -q -m "fake pointer"
if out=$(git push -q --no-verify origin main 2>&1); then echo "dangling LFS pointer was accepted"; exit 1; fi
grep -q "was not uploaded" <<< "$out" || { echo "unexpected push failure: $out"; exit 1; }

echo "step: files of 10 MiB or more must go through LFS"
git fetch -q origin && git reset -q --hard origin/main
head -c 11000000 /dev/urandom > big.raw
git -c filter.lfs.clean=cat add big.raw
git -c lfs.allowincompletepush=true commit -q -m "big without lfs"
if out=$(git push -q --no-verify origin main 2>&1); then echo "an 11 MB regular file was accepted"; exit 1; fi
grep -qi "exceeds\|too large\|limit" <<< "$out" || { echo "unexpected push failure: $out"; exit 1; }

echo "step: datasets clone at /datasets/"
git clone -q "http://$HF_USER:$HF_TOKEN@$host/datasets/$HF_USER/gitdata" "$work/d"
cd "$work/d" && echo "a,b" > data.csv && git add data.csv && git commit -q -m data && git push -q origin main
[ "$(curl -sS -f "$HUB_URL/datasets/$HF_USER/gitdata/resolve/main/data.csv")" = "a,b" ]

echo "step: private repositories clone with a token and not without"
api -X POST "$HUB_URL/api/repos/create" -d "{\"name\":\"hidden\",\"organization\":\"$HF_USER\",\"private\":true}" >/dev/null
git clone -q "http://$HF_USER:$HF_TOKEN@$host/$HF_USER/hidden" "$work/p"
[ -f "$work/p/.gitattributes" ]
if git clone -q "http://$host/$HF_USER/hidden" "$work/q" 2>/dev/null; then echo "anonymous clone of a private repository worked"; exit 1; fi
if git clone -q "http://nobody:hf_notARealTokenAtAll000000@$host/$HF_USER/hidden" "$work/r" 2>/dev/null; then echo "bad token cloned"; exit 1; fi

echo "GIT ROUNDTRIP OK"
