#!/usr/bin/env bash
# Release metadata in step with clinic.control's default_version: META.json (PGXN Meta Spec
# 1.0.0: version and provides, both as the control's version with a .0 patch level; abstract
# as the control's comment), debian/changelog's upstream version, a CHANGELOG.md section.
# Prints each mismatch and exits 1 if any. scripts/test.sh runs it in its format suite.
#   bash scripts/check_release.sh [TREE]
set -euo pipefail
tree=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$tree"

control_value() { sed -n "s/^$1[[:space:]]*=[[:space:]]*'\(.*\)'/\1/p" clinic.control; }
version=$(control_value default_version)
comment=$(control_value comment)
[ -n "$version" ] || { echo "clinic.control: no default_version" >&2; exit 1; }

errors=0
fail() {
  echo "release metadata: $*" >&2
  errors=$((errors + 1))
}

# META.json, read with JSON::PP (perl core). Semantic version: 1.2 -> 1.2.0.
semver=$version
[[ $semver =~ ^[0-9]+\.[0-9]+$ ]] && semver=$semver.0
meta=$(perl -MJSON::PP -e '
  local $/; open my $f, "<", "META.json" or die "META.json: $!\n";
  my $m = eval { JSON::PP->new->decode(<$f>) } or die "META.json is not valid JSON: $@";
  my $p = $m->{provides}{clinic} // {};
  for my $k (qw(name abstract version maintainer license provides prereqs resources tags meta-spec)) {
    print "missing key $k\n" unless exists $m->{$k};
  }
  print "meta-spec $m->{q(meta-spec)}{version}\n";
  print "name $m->{name}\n";
  print "version $m->{version}\n";
  print "provides.clinic.version ", ($p->{version} // q()), "\n";
  print "provides.clinic.file ", ($p->{file} // q()), "\n";
  print "abstract $m->{abstract}\n";
  print "runtime ", join(",", sort keys %{$m->{prereqs}{runtime}{requires} // {}}), "\n";
') || { echo "release metadata: META.json unreadable" >&2; exit 1; }
field() { sed -n "s/^$1 //p" <<<"$meta"; }

while read -r line; do fail "META.json: $line"; done < <(grep '^missing key' <<<"$meta" || true)
[ "$(field meta-spec)" = 1.0.0 ] || fail "META.json meta-spec.version is '$(field meta-spec)', not 1.0.0"
[ "$(field name)" = clinic ] || fail "META.json name is '$(field name)', not clinic"
[ "$(field version)" = "$semver" ] ||
  fail "META.json version is '$(field version)', clinic.control's default_version '$version' (expected $semver)"
[ "$(field provides.clinic.version)" = "$semver" ] ||
  fail "META.json provides.clinic.version is '$(field provides.clinic.version)', expected $semver"
[ "$(field provides.clinic.file)" = clinic.control ] || fail "META.json provides.clinic.file is not clinic.control"
[ "$(field abstract)" = "$comment" ] || fail "META.json abstract differs from clinic.control's comment"
for ext in $(sed -n "s/^requires[[:space:]]*=[[:space:]]*'\(.*\)'/\1/p" clinic.control | tr ',' ' '); do
  [[ ,$(field runtime), == *,$ext,* ]] || fail "META.json prereqs.runtime.requires lacks $ext (clinic.control requires it)"
done

# debian/changelog: the newest entry's upstream version (before the Debian revision).
deb=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' debian/changelog)
[ "${deb%-*}" = "$version" ] || fail "debian/changelog's newest version is '$deb', expected $version-N"

# CHANGELOG.md: a section for this version.
grep -qE "^## $(sed 's/\./\\./g' <<<"$version")( |$)" CHANGELOG.md || fail "CHANGELOG.md has no '## $version' section"

# Not errors, but to settle before the first PGXN upload: the license and the project's addresses.
grep -q '"license": "unknown"' META.json && echo "release metadata: note: META.json license is unknown (no license chosen yet)" >&2
grep -q '/OWNER/' META.json && echo "release metadata: note: META.json resources are placeholders (github.com/OWNER/clinic)" >&2
[ "$errors" = 0 ] || exit 1
echo "release metadata: version $version (META.json $semver, debian $deb, CHANGELOG.md) in step"
