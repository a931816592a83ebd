"""
Reads the vault secret "example_login" (keys "username" and "password") and the asset "example_greeting", then sets the
asset "example_last_run". The calls are those of robocorp-vault and robocorp-storage, in plain Python: the vault's
values travel encrypted (robocloud-vault-transit-v2, see docs/vault.md), so reading one needs the `cryptography`
package; everything else is the standard library.
"""
import base64
import binascii
import datetime
import json
import os
import urllib.error
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

env = os.environ
ws = env["RC_WORKSPACE_ID"]


def call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        return response.read()


def read_secret(name):
    """The secret's key/value map, sealed by the server to a key made for this read (as robocorp-vault does)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = base64.b64encode(key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    url = "%s/secrets-v1/workspaces/%s/secrets/%s?%s" % (
        env["RC_API_SECRET_HOST"].rstrip("/"), ws, urllib.parse.quote(name),
        urllib.parse.urlencode({"encryptionScheme": "robocloud-vault-transit-v2", "publicKey": public}))
    secret = json.loads(call("GET", url, env["RC_API_SECRET_TOKEN"]))
    sealed = secret["encryption"]
    aes_key = key.decrypt(base64.b64decode(sealed["encryptedAES"]), padding.OAEP(
        mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    # Reading, the GCM nonce is the iv's hex text (what the clients decrypt with).
    nonce = binascii.hexlify(base64.b64decode(sealed["iv"]))
    value = AESGCM(aes_key).decrypt(nonce, base64.b64decode(secret["value"]) + base64.b64decode(sealed["authTag"]), None)
    return json.loads(value)


def asset_url(name, suffix=""):
    return "%s/workspaces/%s/assets/%s%s" % (env["RC_API_URL_V1"].rstrip("/"), ws, urllib.parse.quote("name:" + name, safe=""), suffix)


def get_text_asset(name):
    """The asset's content: its payload names a signed URL, fetched with no credentials (as robocorp-storage does)."""
    asset = json.loads(call("GET", asset_url(name), env["RC_API_TOKEN_V1"]))
    return call("GET", asset["payload"]["url"], None).decode("utf-8")


def set_text_asset(name, text):
    """Creates the asset when it is new, then uploads the text inline (as robocorp-storage does below 5 MB)."""
    try:
        call("GET", asset_url(name), env["RC_API_TOKEN_V1"])
    except urllib.error.HTTPError as error:
        if error.code != 404:
            raise
        call("POST", "%s/workspaces/%s/assets" % (env["RC_API_URL_V1"].rstrip("/"), ws), env["RC_API_TOKEN_V1"], {"name": name})
    call("POST", asset_url(name, "/uploads"), env["RC_API_TOKEN_V1"],
         {"content_type": "text/plain", "data": base64.b64encode(text.encode("utf-8")).decode()})


login = read_secret("example_login")
# Never print a secret's value: the console is readable by everyone who may read runs.
print("signing in as %s" % login["username"])
print(get_text_asset("example_greeting").strip())
ran_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
set_text_asset("example_last_run", "last run at %s as %s" % (ran_at, login["username"]))
print("recorded the run in the asset example_last_run")
