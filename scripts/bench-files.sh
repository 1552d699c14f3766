# The benchmark files, generated once into bench/out/ by bench/generate.rs
# (deterministic: the same bytes on every machine; made again when the
# generator changes): users-SIZEmbKIND.csv,
# SIZE 10, 50 or 100 (MB, with 50,000, 250,000 or 500,000 users), KIND
# nothing (10% of the lines with an error), -valid (none) or -all-failing
# (every line); and list-users-500k.json, the same generator's users as
# `aws cognito-idp list-users` writes them (some 430 MB). Sourced by
# scripts/bench.sh and scripts/bench-compare.sh.

# make_bench_files [NAME...]: the files named (such as users-100mb-valid.csv),
# or all nine.
make_bench_files() {
  local names=("$@") size kind
  if [ ${#names[@]} -eq 0 ]; then
    for size in 10 50 100; do
      for kind in "" -valid -all-failing; do names+=("users-${size}mb${kind}.csv"); done
    done
  fi
  cargo build --release --locked --example generate
  mkdir -p bench/out
  # Files made by another version of the generator are made again.
  local made_by
  made_by=$(sha256sum bench/generate.rs | cut -c1-16)
  if [ "$(cat bench/out/.made-by 2>/dev/null)" != "$made_by" ]; then
    rm -f bench/out/users-*.csv bench/out/list-users-*.json
    echo "$made_by" >bench/out/.made-by
  fi
  local name errors
  for name in "${names[@]}"; do
    [ -f "bench/out/$name" ] && continue
    if [[ "$name" == list-users-*k.json ]]; then
      size=${name#list-users-}
      target/release/examples/generate --list-users --users "$((${size%k.json} * 1000))" "bench/out/$name"
      continue
    fi
    size=${name#users-}
    size=${size%%mb*}
    case "$name" in
      *-valid.csv) errors=0 ;;
      *-all-failing.csv) errors=1 ;;
      *) errors=0.10 ;;
    esac
    target/release/examples/generate --users "$((size * 5000))" --bytes "$((size * 1000000 - 1000))" \
      --errors "$errors" "bench/out/$name"
  done
}
