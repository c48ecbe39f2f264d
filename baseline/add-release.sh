#!/bin/sh
# Adds a release's bundles to baseline/, the file-based Maven repository that `mvn verify` compares the exported
# packages with (README, "The public api"). Builds the given commit with its version set to the release version
# and copies each bundle that is baselined (its pom sets baseline.skip to false) with a minimal pom and SHA-1s.
# Then set <baseline.version> in pom.xml to the release version and commit baseline/.
# Usage: baseline/add-release.sh VERSION COMMIT      e.g. baseline/add-release.sh 0.2.0 v0.2.0
set -e
[ $# -eq 2 ] || { echo "usage: $0 VERSION COMMIT" >&2; exit 2; }
VERSION=$1
COMMIT=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

git -C "$ROOT" archive "$COMMIT" | tar -x -C "$WORK"
SNAPSHOT=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$WORK/pom.xml" | head -n 1)
find "$WORK" -name pom.xml -exec sed -i "s:<version>$SNAPSHOT</version>:<version>$VERSION</version>:" {} +
MODULES=$(cd "$WORK" && grep -rl --include=pom.xml '<baseline.skip>false</baseline.skip>' . | xargs -n 1 dirname | sed 's:^\./::')
[ -n "$MODULES" ] || { echo "no module of $COMMIT sets baseline.skip to false" >&2; exit 1; }
(cd "$WORK" && mvn -B -q -DskipCuda -DskipTests -Dbaseline.skip=true -pl "$(echo $MODULES | tr ' ' ,)" -am package)

for module in $MODULES; do
  artifact=$(sed -n 's:^  <artifactId>\(.*\)</artifactId>$:\1:p' "$WORK/$module/pom.xml" | head -n 1)
  dir="$ROOT/baseline/org/zfnet/$artifact/$VERSION"
  mkdir -p "$dir"
  cp "$WORK/$module/target/$artifact-$VERSION.jar" "$dir/"
  cat >"$dir/$artifact-$VERSION.pom" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.zfnet</groupId>
  <artifactId>$artifact</artifactId>
  <version>$VERSION</version>
  <description>The $artifact bundle of zfnet $VERSION ($COMMIT), the baseline of its exported packages</description>
</project>
EOF
  for f in "$dir/$artifact-$VERSION.jar" "$dir/$artifact-$VERSION.pom"; do
    sha1sum "$f" | cut -d ' ' -f 1 | tr -d '\n' >"$f.sha1"
  done
  echo "baseline/org/zfnet/$artifact/$VERSION"
done
