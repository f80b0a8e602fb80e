#!/usr/bin/env bash
# Regenerates catalogs/<family>.yaml for every overlay in catalogs/overlays/ from the seed it names.
#
#   scripts/import-catalogs.sh                 write every catalog (a family that fails keeps its old file)
#   scripts/import-catalogs.sh --check         exit 1 if any committed catalog differs from a fresh import
#   scripts/import-catalogs.sh --draft <seed-file> <family> [format]
#                                              write a draft catalogs/overlays/<family>.yaml for a new vendor page
#
# Seeds are read from $SEEDS_DIR (default: catalogs/sources/, the verbatim vendor pages kept in the repository).
# Uses the built importer (dist/); run `npm run build` first. No npm, no network.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seeds=${SEEDS_DIR:-$root/catalogs/sources}
importer=$root/dist/catalog/import/import-seed.js
if [[ ! -f $importer ]]; then
  echo "import-catalogs: $importer is missing; run \`npm run build\` first." >&2
  exit 2
fi

if [[ ${1:-} == --draft ]]; then
  [[ $# -ge 3 ]] || { echo "usage: $0 --draft <seed-file> <family> [format]" >&2; exit 2; }
  out=$root/catalogs/overlays/$3.yaml
  [[ ! -e $out ]] || { echo "import-catalogs: $out exists; not overwriting it." >&2; exit 1; }
  node --input-type=module -e '
    const { draftOverlay } = await import(process.argv[1]);
    process.stdout.write(draftOverlay({ seedFile: process.argv[2], family: process.argv[3], format: process.argv[4] || undefined }));
  ' "$root/dist/catalog/import/draft-overlay.js" "$2" "$3" "${4:-}" >"$out.tmp"
  mv "$out.tmp" "$out"
  echo "wrote $out: replace every TODO, then run $0"
  exit 0
fi

check=false
[[ ${1:-} == --check ]] && check=true
status=0
for overlay in "$root"/catalogs/overlays/*.yaml; do
  family=$(basename "$overlay" .yaml)
  seed=$(sed -n 's/^seed:[[:space:]]*"\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$overlay" | head -n 1)
  target=$root/catalogs/$family.yaml
  if ! node --input-type=module -e '
      const { importSeed } = await import(process.argv[1]);
      try {
        process.stdout.write(importSeed({ seedFile: process.argv[2], family: process.argv[3], overlayFile: process.argv[4] }));
      } catch (err) {
        process.stderr.write(`${err.message}\n`);
        process.exit(1);
      }
    ' "$importer" "$seeds/$seed" "$family" "$overlay" >"$target.tmp"; then
    rm -f "$target.tmp"
    echo "import-catalogs: $family failed (see above)." >&2
    status=1
    continue
  fi
  if $check; then
    if cmp -s "$target.tmp" "$target"; then echo "$family: up to date"; else echo "$family: catalogs/$family.yaml differs from a fresh import" >&2; status=1; fi
    rm -f "$target.tmp"
  else
    mv "$target.tmp" "$target"
    echo "$family: $(grep -c '^  - code:' "$target") entries -> catalogs/$family.yaml"
  fi
done
exit $status
