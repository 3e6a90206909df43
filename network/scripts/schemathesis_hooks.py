"""schemathesis hooks for fuzz-api.sh: read the DID Resolution media types as the JSON they are,
so that their bodies are checked against the OpenAPI schemas too."""
import json

import schemathesis


@schemathesis.deserializer("application/did-resolution", "application/did+json", "application/did+ld+json")
def did_json(ctx, response):
    return json.loads(response.content)
