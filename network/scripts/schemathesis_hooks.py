"""schemathesis hooks for fuzz-api.sh.

- The DID Resolution media types are read as the JSON they are, so that resolution results are
  checked against the OpenAPI schemas too.
- Operations that declare DID-auth get a real token: a fresh Ed25519 did:key asks the service for
  a challenge (POST /auth/challenges) and signs a didauth+jwt over it (CONSENT-PROTOCOL.md §7),
  renewed every 200 s, so the authenticated routes are fuzzed past their 401. schemathesis's
  ignored_auth check still sends them without and with a broken token.
"""
import base64
import json
import time
import urllib.request

import schemathesis
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@schemathesis.deserializer("application/did-resolution", "application/did+json", "application/did+ld+json")
def did_json(ctx, response):
    return json.loads(response.content)


_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58(data):
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _ALPHABET[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


_KEY = Ed25519PrivateKey.generate()
_PUBLIC = _KEY.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
_MULTIBASE = "z" + _base58(b"\xed\x01" + _PUBLIC)
_DID = "did:key:" + _MULTIBASE


@schemathesis.auth(refresh_interval=200)
class DidAuth:
    """A DID-auth token of a fresh did:key, for the operations that declare DIDAuth security."""

    def get(self, case, ctx):
        if not case.operation.definition.raw.get("security"):
            return None
        base = case.operation.base_url.rstrip("/")
        request = urllib.request.Request(
            base + "/auth/challenges",
            data=json.dumps({"did": _DID}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            challenge = json.loads(response.read())["challenge"]
        now = int(time.time())
        header = {"alg": "EdDSA", "kid": _DID + "#" + _MULTIBASE, "typ": "didauth+jwt"}
        payload = {"iss": _DID, "aud": "consent-service", "challenge": challenge, "iat": now, "exp": now + 240}
        signing_input = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode())
        return signing_input + "." + _b64(_KEY.sign(signing_input.encode("ascii")))

    def set(self, case, data, ctx):
        if data is None:
            return
        case.headers = case.headers or {}
        case.headers["Authorization"] = "DIDAuth " + data
