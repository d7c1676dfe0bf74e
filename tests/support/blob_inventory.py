#!/usr/bin/python3
"""What is really in a blob container, seen through Azure's own SDK rather than Tidemark's
client: tests compare it with what the vault says it holds, and damage blobs on purpose.

Credentials come from AZURE_STORAGE_CONNECTION_STRING. Output is JSON on stdout; a failure
prints its reason on stderr and exits 1.

  blob_inventory.py list CONTAINER [PREFIX]
      every blob under PREFIX, uncommitted uploads included:
      [{"name", "size", "metadata", "committed"}], names relative to PREFIX, in name order
  blob_inventory.py contains CONTAINER PREFIX TEXT
      the blobs under PREFIX whose bytes contain TEXT (UTF-8): ["name", ...]
  blob_inventory.py flip CONTAINER NAME [OFFSET]
      inverts every bit of one byte (the middle one unless OFFSET), keeping the metadata
  blob_inventory.py delete CONTAINER NAME
  blob_inventory.py stage CONTAINER NAME
      stages one block under NAME and never commits it: an interrupted upload, for checking
      that `list` tells it from a blob
"""

import json
import os
import sys

from azure.storage.blob import BlobServiceClient


def folder(prefix):
    return prefix.rstrip("/") + "/" if prefix else ""


def container_client(name):
    connection = os.environ.get("AZURE_STORAGE_CONNECTION_STRING")
    if not connection:
        raise RuntimeError("AZURE_STORAGE_CONNECTION_STRING is not set")
    return BlobServiceClient.from_connection_string(connection).get_container_client(name)


def list_blobs(container, prefix):
    base = folder(prefix)
    blobs = []
    for blob in container.list_blobs(name_starts_with=base,
                                     include=["metadata", "uncommittedblobs"]):
        # A blob that has only staged blocks (an upload never committed) lists without an
        # access tier; every committed block blob has one.
        committed = blob.blob_tier is not None
        blobs.append({
            "name": blob.name[len(base):],
            "size": blob.size,
            "metadata": dict(blob.metadata or {}),
            "committed": committed,
        })
    return sorted(blobs, key=lambda b: b["name"])


def blobs_containing(container, prefix, text):
    needle = text.encode("utf-8")
    base = folder(prefix)
    found = []
    for blob in container.list_blobs(name_starts_with=base):
        if needle in container.download_blob(blob.name).readall():
            found.append(blob.name[len(base):])
    return sorted(found)


def flip(container, name, offset):
    client = container.get_blob_client(name)
    properties = client.get_blob_properties()
    data = bytearray(client.download_blob().readall())
    if not data:
        raise RuntimeError(f"{name} is empty: no byte to flip")
    at = len(data) // 2 if offset is None else offset
    data[at] ^= 0xFF
    client.upload_blob(bytes(data), overwrite=True, metadata=properties.metadata)
    return {"name": name, "offset": at, "size": len(data)}


def main(arguments):
    if len(arguments) < 2:
        raise RuntimeError(__doc__)
    command, container = arguments[0], container_client(arguments[1])
    rest = arguments[2:]
    if command == "list":
        return list_blobs(container, rest[0] if rest else "")
    if command == "contains" and len(rest) == 2:
        return blobs_containing(container, rest[0], rest[1])
    if command == "flip" and rest:
        return flip(container, rest[0], int(rest[1]) if len(rest) > 1 else None)
    if command == "stage" and len(rest) == 1:
        block_id = "YmxvY2stMDAwMDA="  # any base64 id will do
        container.get_blob_client(rest[0]).stage_block(block_id, b"staged, never committed")
        return {"staged": rest[0]}
    if command == "delete" and len(rest) == 1:
        container.delete_blob(rest[0])
        return {"deleted": rest[0]}
    raise RuntimeError(__doc__)


if __name__ == "__main__":
    try:
        print(json.dumps(main(sys.argv[1:])))
    except Exception as error:  # the test shows the reason, whatever it was
        print(f"blob_inventory.py: {error}", file=sys.stderr)
        sys.exit(1)
