#!/usr/bin/env bash
# Makes sure the file tree our OCI images run on exists, and prints its path. No base image can be
# pulled here (no container registry is reachable), so the images start from Jib's `scratch` and
# carry this tree as their first layer (jib-maven-plugin's extraDirectories, profile `images`):
#
#   opt/java/                  a Java runtime made by jlink from the JDK that builds (the modules
#                              our services and the chaincode server use, plus jcmd for operators)
#   lib/, lib64/, usr/lib/     the C libraries that runtime links: libc6, libgcc-s1, libstdc++6 and
#                              zlib1g, the .deb packages of the build host's Debian release,
#                              fetched with apt-get download (symbolic links resolved to files)
#   etc/passwd, etc/group      root and the user the images run as, app (65532:65532)
#
# It is cached in $CONSENT_LEDGER_CACHE (default ~/.cache/consent-ledger), keyed by the JDK's
# version and the packages' versions; a second run never rebuilds. JAVA_HOME (default: the JDK of
# the `java` on PATH) is the JDK jlink runs from.
set -euo pipefail

PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g)
MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.jfr,jdk.jfr,jdk.zipfs,jdk.naming.dns,jdk.jcmd,jdk.attach
APP_UID=65532

log() { printf '[jre-rootfs] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -x "$java_home/bin/jlink" ] && [ -d "$java_home/jmods" ] || die "no jlink with jmods in $java_home (set JAVA_HOME to a full JDK)"
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || die "apt-get and dpkg-deb are needed (a Debian host)"

# A fresh host may have no package lists yet: fetch them once (as services.sh does for HAProxy).
if ! compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  log "no apt package lists: apt-get update"
  $sudo apt-get update -qq >&2 || die "apt-get update failed"
fi

java_version=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
versions=""
for p in "${PACKAGES[@]}"; do
  v=$(apt-cache policy "$p" | sed -n 's/^ *Candidate: //p')
  [ -n "$v" ] && [ "$v" != "(none)" ] || die "no candidate version of $p (apt-get update?)"
  versions+="$p=$v "
done
key=$(printf '%s %s %s %s' "$java_version" "$versions" "$MODULES" "$APP_UID" | sha256sum | cut -c1-12)
cache_root=${CONSENT_LEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/consent-ledger}
dir="$cache_root/jre-rootfs-$java_version-$key"
if [ -f "$dir.BUILT" ] && [ -x "$dir/opt/java/bin/java" ]; then echo "$dir"; exit 0; fi

start=$SECONDS tmp="$dir.tmp.$$"
log "building $dir (Java $java_version; $versions)"
rm -rf "$tmp"; mkdir -p "$tmp/debs" "$tmp/raw/opt"
# shellcheck disable=SC2086 # one word per package=version
(cd "$tmp/debs" && apt-get download -q $versions 2>&1 | grep -v "^W: Download is performed unsandboxed" >&2) || true
[ "$(ls "$tmp"/debs/*.deb | wc -l)" = "${#PACKAGES[@]}" ] || die "apt-get download of $versions failed"
for deb in "$tmp"/debs/*.deb; do dpkg-deb -x "$deb" "$tmp/raw"; done
"$java_home/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$tmp/raw/opt/java" 2>&1 | grep -v "^Warning: The 2 argument" >&2 || true
[ -x "$tmp/raw/opt/java/bin/java" ] || die "jlink made no runtime"
rm -rf "$tmp/raw/usr/share/doc" "$tmp/raw/usr/share/lintian" "$tmp/raw/usr/share/locale" \
  "$tmp/raw/usr/share/gcc" "$tmp/raw/usr/share/gdb" "$tmp/raw/etc/ld.so.conf.d" "$tmp/raw/sbin" "$tmp/raw/usr/bin" "$tmp/raw/usr/sbin"
mkdir -p "$tmp/raw/etc" "$tmp/raw/tmp" "$tmp/raw/proc"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:%s:%s:app:/tmp:/sbin/nologin\n' "$APP_UID" "$APP_UID" >"$tmp/raw/etc/passwd"
printf 'root:x:0:\napp:x:%s:\n' "$APP_UID" >"$tmp/raw/etc/group"
printf 'Java %s (jlink: %s); Debian packages: %s\n' "$java_version" "$MODULES" "$versions" >"$tmp/raw/etc/consent-ledger-runtime"
# Jib copies files, not symbolic links: resolve them (the ELF interpreter /lib64/ld-linux-x86-64.so.2
# is one) into plain copies.
cp -rL "$tmp/raw" "$tmp/rootfs"
# A check that the tree runs on its own: java -version inside it as the app user, in a chroot
# with /proc mounted as a container runtime does (root only; skipped elsewhere).
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  unshare --mount --pid --fork bash -c "mount -t proc proc '$tmp/rootfs/proc' && chroot --userspec=$APP_UID:$APP_UID '$tmp/rootfs' /opt/java/bin/java -version" >/dev/null 2>&1 ||
    die "java does not run in $tmp/rootfs"
fi
rm -rf "$dir"; mv "$tmp/rootfs" "$dir"; rm -rf "$tmp"
echo "built in $((SECONDS - start))s on $(date -u +%FT%TZ)" >"$dir.BUILT"
log "built in $((SECONDS - start))s: $(du -sh "$dir" | cut -f1)"
echo "$dir"
