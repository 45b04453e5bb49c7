#!/usr/bin/env bash
# Run ~50 lineage commands on the shipped graph and write each one's stdout, stderr and exit
# code into a folder, so two versions can be compared byte for byte:
#
#   bench/outputs.sh /tmp/before            # at the old commit
#   bench/outputs.sh /tmp/after             # at the new one
#   diff -r /tmp/before /tmp/after          # nothing: every output is the same
#
# Times and temporary paths are normalised. Uses $LINEAGE (default: .venv/bin/lineage).
set -u
out=${1:?usage: bench/outputs.sh OUTDIR}
here=$(cd "$(dirname "$0")/.." && pwd)
lineage=${LINEAGE:-$here/.venv/bin/lineage}
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LINEAGE_CACHE_DIR="$work/cache" LINEAGE_PROGRESS="$work/progress.yaml" LINEAGE_PACE=
unset LINEAGE_GRAPH
cd "$here"
n=0
run() {  # run NAME ARGS...: one lineage call
  local name=$1; shift
  n=$((n + 1))
  "$lineage" "$@" >"$out/$name.out" 2>"$out/$name.err" </dev/null
  echo $? >"$out/$name.code"
  sed -i -e "s#$work#WORK#g" -e "s/$(date +%F)/TODAY/g" -e 's/[0-9.]* s)/T s)/; s/[0-9]* KiB/N KiB/' "$out/$name.out" "$out/$name.err"
}
copy() {  # copy NAME FILE: a file a command wrote
  sed -e "s#$work#WORK#g" -e "s/$(date +%F)/TODAY/g" "$1" >"$out/$2" 2>/dev/null || echo missing >"$out/$2"
}

run order-text order deepseek-r1
run order-text-again order deepseek-r1                    # from the cache
run order-nowhy order R1 --no-why
run order-md order R1 -f markdown
run order-json order R1 -f json
run order-csv order R1 -f csv
run order-bibtex order R1 -f bibtex
run order-ris order R1 -f ris
run order-mermaid order R1 -f mermaid
run order-dot order R1 -f dot
run order-md-diagram order R1 -f markdown --diagram
run order-two order gpt-3 instructgpt
run order-depth order R1 --depth 2
run order-kind order R1 --kind architecture --kind training
run order-budget order R1 --budget 10h
run order-budget-pace order R1 --budget 2h30m --pace 3 -f markdown
run order-budget-json order R1 --budget 10h -f json
run order-budget-small order R1 --budget 1h
run order-o order R1 -f markdown -o "$work/r1.md"
copy "$work/r1.md" order-o.file
run prereqs prereqs R1
run prereqs-depth prereqs R1 --depth 2 --kind method
run prereqs-md prereqs gpt-3 -f markdown
run prereqs-json prereqs gpt-3 -f json
run path path transformer deepseek-r1
run path-limit path backprop R1 --limit 1
run path-none path deepseek-r1 transformer
run show show transformer
run show-json show R1 -f json
run search search attention
run search-json search scaling -f json
run list list
run list-filter list --topic reasoning --year 2020-
run list-json list --year -2015 -f json
run stats stats
run stats-json stats --top 3 -f json
run check check
run check-strict check --strict
run graph-mermaid graph R1 --depth 1
run graph-dot graph R1 --depth 1 -f dot
run graph-json graph gpt-3 -f json
run graph-kind graph R1 --kind data -f mermaid
run graph-whole graph -f dot
run render render deepseek-r1 -o "$work/graph.html"
copy "$work/graph.html" render.html
run render-context render gpt-3 --context --kind method -o "$work/ctx.html"
copy "$work/ctx.html" render-context.html
run next-none next R1
run done done transformer backprop --date 2025-01-02
run next next R1 -n 5
run progress progress R1
run undone undone backprop
run order-read order gpt-3
run order-unread order gpt-3 --unread -f markdown
run progress-after progress gpt-3
copy "$work/progress.yaml" progress.yaml
"$lineage" order gpt-3 -f markdown -o "$work/list.md" 2>/dev/null
sed -i '0,/\[ \]/s/\[ \]/[x]/' "$work/list.md"
run import import "$work/list.md"
copy "$work/progress.yaml" progress-import.yaml
run lint-text lint-list tests/data/lint-small.md
run lint-md lint-list tests/data/lint-small.md -f markdown
run lint-json lint-list tests/data/seed-004-read-in-order.txt -f json
cat >"$work/lib.bib" <<'BIB'
@article{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = {2017},
}
@article{scholkopf1998,
  title = {Nonlinear Component Analysis as a Kernel Eigenvalue Problem},
  author = {Sch{\"o}lkopf, Bernhard and Smola, Alexander},
  year = {1998},
  url = {https://example.org/kpca},
}
BIB
run add-dry add --bibtex "$work/lib.bib" --dry-run
run err-unknown order no-such-paper-xyz
run err-ambiguous show attention
run err-bad-format order R1 -f nope
run err-graph check --graph tests/fixtures/cycle
run err-yaml order x --graph tests/fixtures/malformed-yaml
run err-missing-file lint-list "$work/nope.md"
run err-bad-budget order R1 --budget lots
run help --help
run version --version
echo "$n commands written to $out" >&2
