"""An S3-compatible server for the tests: moto's server mode, from the `test` extra.

One server runs on a free port of 127.0.0.1 for the whole session. A test that asks for
`s3_bucket` gets its own empty private bucket, with the portal's default storage pointed at it
the way production settings do (mysapk/settings.py) and MEDIA_ROOT moved to an empty folder,
so a file written to local disk instead shows. boto3 is given the endpoint, dummy keys and a
region: it never looks for real credentials and never leaves this machine.
"""

import logging
import os
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REGION = "us-east-1"
ACCESS_KEY = SECRET_KEY = "mysapk-test"


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object

    def keys(self, prefix: str = "") -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=prefix
        )
        return {item["Key"] for page in pages for item in page.get("Contents", ())}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def anonymous_status(self, key: str) -> int:
        """What anyone gets for the object's plain URL, without a signature."""
        try:
            with urllib.request.urlopen(f"{self.endpoint}/{self.name}/{key}", timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as error:
            return error.code

    def is_private(self, key: str) -> bool:
        """Only the owner holds a grant: no AllUsers or AuthenticatedUsers read."""
        grants = self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]
        return all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)

    def storage(self) -> dict:
        """STORAGES["default"] as mysapk/settings.py builds it for AWS_STORAGE_BUCKET_NAME."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.name,
                "endpoint_url": self.endpoint,
                "region_name": REGION,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
            },
        }

    def environment(self) -> dict:
        """The variables that point a server process's settings at this bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.name,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_EC2_METADATA_DISABLED": "true",
        }


@pytest.fixture(scope="session")
def s3_endpoint():
    """The URL of the session's S3 server; the test is skipped without moto[server]."""
    if os.environ.get("REQUIRE_S3"):
        import moto.server as server_module  # CI: a missing moto fails instead of skipping
    else:
        server_module = pytest.importorskip(
            "moto.server", reason="the S3 tests need moto[server]: pip install -e '.[test]'"
        )
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per S3 request
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")  # keys are always given
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def new_bucket(endpoint: str) -> Bucket:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    bucket = Bucket(f"mysapk-{secrets.token_hex(6)}", endpoint, client)
    client.create_bucket(Bucket=bucket.name)
    return bucket


def drop_bucket(bucket: Bucket) -> None:
    for key in bucket.keys():
        bucket.client.delete_object(Bucket=bucket.name, Key=key)
    bucket.client.delete_bucket(Bucket=bucket.name)


@pytest.fixture
def s3_bucket(s3_endpoint, settings, tmp_path) -> Bucket:
    """An empty private bucket that the portal's default storage writes to."""
    bucket = new_bucket(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage()}
    settings.MEDIA_ROOT = tmp_path / "media"
    yield bucket
    drop_bucket(bucket)


def local_media_files(media_root) -> list[str]:
    """Whatever was written under MEDIA_ROOT (nothing, when the bucket holds every file)."""
    root = Path(media_root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def lose_render(bucket: Bucket, card, name: str = "depan.png") -> str:
    """Delete a drawn side of the card from the bucket and from this process's render cache,
    as if the object had been lost; returns its object key."""
    from django.core.cache import caches

    from cards import outputs
    from cards.models import RenderedFile

    key = outputs.render_key(outputs.printed_state(card), name)
    lost = RenderedFile.objects.get(key=key).file.name
    bucket.client.delete_object(Bucket=bucket.name, Key=lost)
    caches["renders"].clear()
    return lost
