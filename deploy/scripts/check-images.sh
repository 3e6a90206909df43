#!/usr/bin/env bash
# Checks the image tars that `mvn -Pimages package` wrote (<module>/target/image/<module>.tar):
# each is a loadable OCI (or Docker) archive whose configuration runs as 65532:65532 (not root),
# starts java with the module's main class, exposes the module's port, and whose layers hold the
# Java runtime (/opt/java/bin/java, executable), the ELF interpreter and the application.
# OCI images have no HEALTHCHECK: the Kubernetes chart (deploy/helm) probes the services instead.
# As root (on Linux, with unshare and chroot), it also runs two of them without a container
# runtime: the layers unpacked into a directory, /proc mounted, the configuration's entrypoint
# started in a chroot as the configuration's user with its environment: ledger-admin --help
# answers its usage (exit 0), did-resolver with a malformed port exits 2 (configuration rejected).
# Exit code 0 when every image passes, 1 otherwise (each failure printed).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
exec python3 - "$ROOT" <<'PY'
import gzip, io, json, os, shutil, subprocess, sys, tarfile, tempfile
root = sys.argv[1]
# module: (main class, exposed ports)
IMAGES = {
    "ledger-chaincode": ("kr.consentledger.chaincode.ChaincodeServerMain", {"9999/tcp"}),
    "did-resolver": ("kr.consentledger.resolver.boot.DidResolverMain", {"8443/tcp"}),
    "consent-service": ("kr.consentledger.consent.boot.ConsentServiceMain", {"8443/tcp"}),
    "ledger-admin": ("kr.consentledger.network.admin.LedgerAdmin", set()),
}
failures = []

def blob(tar, digest):
    return tar.extractfile("blobs/" + digest.replace(":", "/")).read()

def read_image(path):
    tar = tarfile.open(path)
    names = set(tar.getnames())
    if "index.json" in names:  # OCI image layout
        index = json.loads(tar.extractfile("index.json").read())
        manifest = json.loads(blob(tar, index["manifests"][0]["digest"]))
        config = json.loads(blob(tar, manifest["config"]["digest"]))
        layers = [blob(tar, l["digest"]) for l in manifest["layers"]]
    else:  # docker save format
        m = json.loads(tar.extractfile("manifest.json").read())[0]
        config = json.loads(tar.extractfile(m["Config"]).read())
        layers = [tar.extractfile(l).read() for l in m["Layers"]]
    files = {}
    for data in layers:
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        with tarfile.open(fileobj=io.BytesIO(data)) as layer:
            for member in layer.getmembers():
                files[member.name.lstrip("./").lstrip("/")] = member
    return config, files

def unpack(path, into):
    """Unpacks an image's layers, in order, into a directory (Jib's layers have no whiteouts)."""
    tar = tarfile.open(path)
    index = json.loads(tar.extractfile("index.json").read())
    manifest = json.loads(blob(tar, index["manifests"][0]["digest"]))
    for l in manifest["layers"]:
        with tarfile.open(fileobj=io.BytesIO(blob(tar, l["digest"]))) as layer:
            layer.extractall(into, numeric_owner=True)

def run_image(module, extra_env, args):
    """Runs a module's image in a chroot; returns (exit code, output)."""
    path = f"{root}/{module}/target/image/{module}.tar"
    config, _ = read_image(path)
    c = config["config"]
    work = tempfile.mkdtemp(prefix=f"image-{module}-")
    os.chmod(work, 0o755)  # the root directory, as a container runtime makes it
    try:
        unpack(path, work)
        os.makedirs(f"{work}/proc", exist_ok=True)
        env = dict(e.split("=", 1) for e in c.get("Env") or [])
        env.update(extra_env)
        command = (c.get("Entrypoint") or []) + (c.get("Cmd") or []) + args
        script = '"$1" -t proc proc "$2/proc" && exec "$3" --userspec="$4" "$2" "${@:5}"'
        p = subprocess.run([shutil.which("unshare"), "--mount", "--pid", "--fork", shutil.which("bash"), "-c", script, "-",
                            shutil.which("mount"), work, shutil.which("chroot"), c["User"]] + command, env=env, capture_output=True, text=True,
                           timeout=180)
        return p.returncode, p.stdout + p.stderr
    finally:
        shutil.rmtree(work, ignore_errors=True)

for module, (main, ports) in IMAGES.items():
    path = f"{root}/{module}/target/image/{module}.tar"
    def fail(msg):
        failures.append(f"{module}: {msg}")
    try:
        config, files = read_image(path)
    except Exception as e:  # noqa: BLE001 - any unreadable tar is a failure
        fail(f"cannot read {path}: {e}")
        continue
    c = config.get("config", {})
    if c.get("User") != "65532:65532":
        fail(f"user is {c.get('User')!r}, not 65532:65532")
    entry = c.get("Entrypoint") or []
    if not entry or entry[0] != "java" or main not in entry:
        fail(f"entrypoint {entry} does not start java with {main}")
    exposed = set((c.get("ExposedPorts") or {}).keys())
    if exposed != ports:
        fail(f"exposed ports {sorted(exposed)}, expected {sorted(ports)}")
    env = dict(e.split("=", 1) for e in c.get("Env") or [])
    if env.get("JAVA_HOME") != "/opt/java" or not env.get("PATH", "").startswith("/opt/java/bin"):
        fail(f"JAVA_HOME/PATH do not name /opt/java: {env}")
    if config.get("os") != "linux" or config.get("architecture") != "amd64":
        fail(f"platform {config.get('os')}/{config.get('architecture')}")
    java = files.get("opt/java/bin/java")
    if java is None or not java.isfile() or java.mode & 0o111 != 0o111:
        fail("no executable /opt/java/bin/java")
    interp = files.get("lib64/ld-linux-x86-64.so.2")
    if interp is None or interp.mode & 0o111 != 0o111:
        fail("no executable ELF interpreter /lib64/ld-linux-x86-64.so.2")
    for needed in ("lib/x86_64-linux-gnu/libc.so.6", "etc/passwd", "app/jib-classpath-file"):
        if needed not in files:
            fail(f"no /{needed}")
    if not any(n.startswith("app/classes/") for n in files):
        fail("no /app/classes")
    if not any(n.startswith("app/libs/") for n in files):
        fail("no /app/libs")
    if not [m for m in failures if m.startswith(module + ":")]:
        print(f"[check-images] {module}: ok ({path}; user {c['User']}, ports {sorted(exposed) or '-'}, "
              f"{len(files)} files)")
if not failures and os.geteuid() == 0 and shutil.which("unshare") and shutil.which("chroot"):
    code, out = run_image("ledger-admin", {}, ["--help"])
    if code != 0 or "Usage: ledger-admin" not in out:
        failures.append(f"ledger-admin: --help in its image exited {code}: {out[-400:]}")
    else:
        print("[check-images] ledger-admin: runs in its image as 65532 (--help, exit 0)")
    code, out = run_image("did-resolver", {"DID_RESOLVER_PORT": "not-a-port"}, [])
    if code != 2 or "configuration rejected" not in out:
        failures.append(f"did-resolver: a malformed port in its image exited {code}: {out[-400:]}")
    else:
        print("[check-images] did-resolver: runs in its image as 65532 (a malformed port: exit 2)")
for f in failures:
    print(f"[check-images] FAIL {f}", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
