#!/usr/bin/env bash
# Writes what hunt finds on the shared corpora into OUT_DIR, so two builds can be compared with
# `diff -r A B` (a refactor or a speed change must leave every file identical):
#   hits.jsonl       hunt on the attack corpus with every SigmaHQ and Elastic Windows rule
#   recover.jsonl    the same on the attack and crate corpora with --recover
#   recover.stderr   its messages (problems, skipped rules, warnings), without the timing lines
#   dump.jsonl       hunt dump of the attack corpus
# Usage: npm run build && bash scripts/hitSnapshot.sh OUT_DIR
set -euo pipefail
out=${1:?usage: scripts/hitSnapshot.sh OUT_DIR}
cd "$(dirname "$0")/.."
corpus=../shared/corpus
rules=(-r "$corpus/sigma/rules/windows" -r "$corpus/elastic-detection-rules/rules/windows")
mkdir -p "$out"
node dist/src/cli/main.js "$corpus/evtx-attack-samples" "${rules[@]}" -f jsonl --force -o "$out/hits.jsonl" 2>/dev/null
node dist/src/cli/main.js "$corpus/evtx-attack-samples" "$corpus/evtx-crate-samples" "${rules[@]}" -f jsonl --recover -v --force \
  -o "$out/recover.jsonl" 2>&1 | grep -v '^Read \|^Checked ' > "$out/recover.stderr" || true
node dist/src/cli/main.js dump "$corpus/evtx-attack-samples" > "$out/dump.jsonl" 2>/dev/null
wc -l "$out"/*
