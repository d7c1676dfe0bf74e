#!/usr/bin/env python3
"""Regenerates the seed corpora of the fuzz targets from a real vault made by tidemark-cli.

usage: tests/fuzz/make_corpus.py BUILD_DIR
Seeds that are not taken from a vault (scenarios, command lines) are written by hand in
corpus/scenario and corpus/cli_args and left alone.
"""
import json
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
cli = os.path.join(sys.argv[1], "app", "cli", "tidemark-cli")


def run(workspace, *args, passphrase=None):
    env = dict(os.environ, HOME=os.path.dirname(workspace))
    env.pop("TIDEMARK_PASSPHRASE", None)
    if passphrase:
        env["TIDEMARK_PASSPHRASE"] = passphrase
    subprocess.run([cli, "--workspace", workspace, *args], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def unzstd(frame):
    return subprocess.run(["zstd", "-dc"], input=frame, check=True,
                          stdout=subprocess.PIPE).stdout


def files(root, suffix):
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith(suffix):
                yield os.path.join(folder, name)


def write(target, name, data):
    os.makedirs(os.path.join(here, "corpus", target), exist_ok=True)
    with open(os.path.join(here, "corpus", target, name), "wb") as f:
        f.write(data)


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "seed.db")
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
    con.executemany("INSERT INTO t(v) VALUES(?)", [("row %d" % i,) for i in range(300)])
    con.commit()
    plain = os.path.join(tmp, "plain")
    run(plain, "init", "--no-encryption")
    run(plain, "db", "add", "seed", "--file", db)
    run(plain, "backup", "seed", "--type", "full")
    con.execute("UPDATE t SET v = 'changed' WHERE id % 3 = 0")
    con.commit()
    run(plain, "backup", "seed", "--type", "log")
    vault = os.path.join(plain, "vault")
    # Unencrypted objects are the stored bytes plus a 32-byte checksum.
    for i, path in enumerate(files(os.path.join(vault, "manifests"), ".tmm")):
        write("manifest", "manifest-%d" % i, unzstd(open(path, "rb").read()[:-32]))
    for i, path in enumerate(files(os.path.join(vault, "packs"), ".pack")):
        data = open(path, "rb").read()
        write("pack", "file-%d" % i, data)
        index_offset, index_size = struct.unpack("<QI", data[-20:-8])
        index = unzstd(data[index_offset:index_offset + index_size - 32])
        segment = unzstd(data[8:index_offset][:-32]) if index_offset > 8 else b""
        if len(index) < 65536:
            write("pack", "assembled-%d" % i, struct.pack("<H", len(index)) + index + segment)
    write("vault_config", "plain.json", open(os.path.join(vault, "tidemark-vault.json"), "rb").read())

    sealed = os.path.join(tmp, "sealed")
    run(sealed, "init", passphrase="corpus passphrase")
    config = os.path.join(sealed, "vault", "tidemark-vault.json")
    write("vault_config", "encrypted.json", open(config, "rb").read())
    run(sealed, "key", "rotate", passphrase="corpus passphrase")
    write("vault_config", "rotated.json", open(config, "rb").read())
    # The same with the cheapest key derivation the reader accepts (fast to fuzz; the tag no
    # longer matches, which the fuzzer must meet too).
    cheap = json.load(open(config))
    cheap["keys"]["kdf"]["n"] = 1024
    write("vault_config", "cheap-kdf.json", json.dumps(cheap, indent=1).encode())
print("corpus written under", os.path.join(here, "corpus"))
